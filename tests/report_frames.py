#!/usr/bin/env python3
"""report_frames.py REPORT.XML DIR - what report.xml says of its findings'
frames in capture 0, for tests/e2e_firstscreen.sh to compare with tshark:

  DIR/filters   the findings' display filters, "(f1) || (f2) ..."
  DIR/lasts     each finding's last evidence frame, "12, 40"
  DIR/want      the listed evidence frames, one a line
  DIR/exp       "FRAME EPOCH RELATIVE" of each finding's first and last
                evidence frame, as report.xml gives them
  DIR/counts    "FILTERS TIMED"

Exits 1 when the report has no finding."""
import sys
import xml.etree.ElementTree as ET

NS = {"r": "urn:netrca:report:1"}


def secs(ns):
    v = int(ns)
    return "%d.%09d" % (v // 1000000000, v % 1000000000)


def main():
    root = ET.parse(sys.argv[1]).getroot()
    out = sys.argv[2]
    findings = root.findall("r:findings/r:finding", NS)
    if not findings:
        return 1
    filters, lasts, want, exp = [], [], [], []
    for f in findings:
        for df in f.findall("r:display-filter", NS):
            if df.get("capture") == "0":
                filters.append("(" + df.text + ")")
        ev = f.find("r:evidence", NS)
        frames = [int(e.get("number")) for e in ev.findall("r:frame", NS) if e.get("capture") == "0"]
        want += frames
        if f.get("first-ts") and frames and ev.get("last-frame"):
            lasts.append(ev.get("last-frame"))
            exp.append("%d %s %s" % (frames[0], secs(f.get("first-ts")), f.get("first-relative")))
            exp.append("%s %s %s" % (ev.get("last-frame"), secs(f.get("last-ts")), f.get("last-relative")))
    with open(out + "/filters", "w") as fp:
        fp.write(" || ".join(filters))
    with open(out + "/lasts", "w") as fp:
        fp.write(", ".join(lasts))
    with open(out + "/want", "w") as fp:
        fp.write("".join("%d\n" % w for w in want))
    with open(out + "/exp", "w") as fp:
        fp.write("".join(e + "\n" for e in exp))
    with open(out + "/counts", "w") as fp:
        fp.write("%d %d\n" % (len(filters), len(lasts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
