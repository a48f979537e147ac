#!/usr/bin/env python3
"""timeseq_vs_tshark.py REPORT.xml CAPTURE

Compares every segment of every <time-sequence> in netrca's report.xml with
tshark's two-pass dissection of the same frame: relative sequence number,
relative ACK, payload length, scaled window (when tshark knows the scale),
TCP flags, the first SACK block, the time since the flow's first listed
segment, and the tcp.analysis labels netrca names.  Prints one line per flow
("flow UID: N segments, M mismatches") and the first mismatches; exits 1 if
any differ, 2 if the report holds no time sequence.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:netrca:report:1}"
FIELDS = ["frame.number", "tcp.seq", "tcp.ack", "tcp.len", "tcp.window_size",
          "tcp.window_size_scalefactor", "tcp.flags", "tcp.options.sack_le",
          "tcp.options.sack_re", "frame.time_epoch"]
LABELS = ["retransmission", "fast_retransmission", "spurious_retransmission",
          "out_of_order", "lost_segment", "ack_lost_segment", "duplicate_ack",
          "zero_window", "zero_window_probe", "zero_window_probe_ack",
          "window_full", "window_update", "keep_alive", "keep_alive_ack"]
FLAGBITS = [(0x80, "C"), (0x40, "E"), (0x20, "U"), (0x10, "A"), (0x08, "P"),
            (0x04, "R"), (0x02, "S"), (0x01, "F")]


def tshark(cap, frames):
    filt = "tcp && (" + " || ".join("frame.number == %d" % f for f in frames) + ")"
    cmd = ["tshark", "-n", "-2", "-r", cap, "-o", "tcp.relative_sequence_numbers:TRUE",
           "-o", "tcp.analyze_sequence_numbers:TRUE", "-Y", filt, "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=f"]
    for f in FIELDS:
        cmd += ["-e", f]
    for l in LABELS:
        cmd += ["-e", "tcp.analysis." + l]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in out.splitlines():
        v = line.split("\t")
        rec = dict(zip(FIELDS, v[:len(FIELDS)]))
        labs = set()
        for i, l in enumerate(LABELS):
            if len(v) > len(FIELDS) + i and v[len(FIELDS) + i] != "":
                labs.add(l)
        rec["labels"] = labs
        rows[int(rec["frame.number"])] = rec
    return rows


def flags_str(v):
    x = int(v, 16)
    return "".join(c for b, c in FLAGBITS if x & b)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    root = ET.parse(sys.argv[1]).getroot()
    seqs = root.findall(NS + "time-sequences/" + NS + "time-sequence")
    if not seqs:
        print("no time-sequence in the report")
        return 2
    bad_total = 0
    for ts in seqs:
        segs = ts.findall(NS + "seg")
        frames = [int(s.get("frame")) for s in segs]
        rows = {}
        for i in range(0, len(frames), 400):
            rows.update(tshark(sys.argv[2], frames[i:i + 400]))
        t0 = None
        bad = []
        for s in segs:
            fr = int(s.get("frame"))
            r = rows.get(fr)
            if r is None:
                bad.append("frame %d: not a TCP frame for tshark" % fr)
                continue
            if t0 is None:
                t0 = float(r["frame.time_epoch"])
            checks = [("seq", s.get("seq"), r["tcp.seq"]),
                      ("len", s.get("len"), r["tcp.len"]),
                      ("flags", s.get("flags"), flags_str(r["tcp.flags"]))]
            if s.get("ack") is not None:
                checks.append(("ack", s.get("ack"), r["tcp.ack"]))
            # tshark knows the scale only from a SYN pair it saw (-1 unknown, -2 none)
            if r["tcp.window_size_scalefactor"] not in ("-1", ""):
                checks.append(("win", s.get("win"), r["tcp.window_size"]))
            if s.get("sack-left") is not None:
                checks.append(("sack-left", s.get("sack-left"), r["tcp.options.sack_le"]))
                checks.append(("sack-right", s.get("sack-right"), r["tcp.options.sack_re"]))
            dt = float(r["frame.time_epoch"]) - t0
            if abs(dt - float(s.get("t"))) > 2e-6:
                bad.append("frame %d: t %s vs tshark %.6f" % (fr, s.get("t"), dt))
            for name, mine, theirs in checks:
                if str(mine) != str(theirs):
                    bad.append("frame %d: %s %s vs tshark %s" % (fr, name, mine, theirs))
            mylabs = set((s.get("labels") or "").split())
            if mylabs != r["labels"]:
                bad.append("frame %d: labels %s vs tshark %s" %
                           (fr, sorted(mylabs), sorted(r["labels"])))
        print("flow %s: %d segments, %d mismatches" % (ts.get("flow"), len(segs), len(bad)))
        for b in bad[:10]:
            print("  " + b)
        bad_total += len(bad)
    return 1 if bad_total else 0


if __name__ == "__main__":
    sys.exit(main())
