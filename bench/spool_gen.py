#!/usr/bin/env python3
"""spool_gen.py OUTDIR SEED [REAL_CONN_LOG REAL_TCP_LOG ...]: hostile conn.log
and tcp.log spools for bench/spool_diff.sh.  Writes OUTDIR/conn.log,
OUTDIR/tcp.log (plus odd-header variants OUTDIR/tcp_odd*.log)."""
import os, random, sys

out, seed = sys.argv[1], int(sys.argv[2])
reals = sys.argv[3:]
rnd = random.Random(seed)

CONN_FIELDS = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
               "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "missed_bytes",
               "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes",
               "community_id"]
SIDE = ["mss", "wscale", "sack_perm", "data_pkts", "data_bytes", "retrans", "fast_retrans",
        "spurious", "out_of_order", "lost_segment", "acked_unseen", "dup_acks", "zero_window",
        "zero_window_time", "window_full", "max_seg", "max_acked_seg", "rtt_n", "rtt_min",
        "rtt_p50", "rtt_p90", "rtt_max", "ttl_first", "ttl_last", "ttl_changes"]
TCP_FIELDS = (["uid", "irtt", "rtt_syn_synack", "rtt_synack_ack"] + ["orig_" + s for s in SIDE]
              + ["resp_" + s for s in SIDE] + ["quality"])

PIECES = [b"a", b"Z", b"0", b"9", b".", b":", b",", b"-", b"^", b" ", b"&", b"<", b">", b'"',
          b"'", b"&amp;", b"]]>", b"\r", b"\\", b"\x01", b"\x1f", b"\x7f", b"\x80", b"\xff",
          b"\xc3\xa9", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"\xf0\x9f\x98\x80", b"\xed\xa0\x80",
          b"\xc0\x80", b"\xf4\x90\x80\x80", b"\xe2\x80", b"=", b"/", b"\x0b", b"\x0c", b"\x00"]

def hostile(maxlen=40):
    n = rnd.choice([0, 1, 2, 5, 10, maxlen, rnd.randint(0, maxlen)])
    return b"".join(rnd.choice(PIECES) for _ in range(n))

def longstr(n):
    return bytes(rnd.choice(b"abcdef&<\"\xc3\xa9") for _ in range(n))

def num():
    return rnd.choice([b"0", b"1", b"7", b"65535", b"007", b"00", b"-1", b"", b"-", b"+5",
                       b" 5", b"5 ", b"1.5", b"18446744073709551615", b"18446744073709551616",
                       b"99999999999999999999", b"1844674407370955161", b"0000000000000000000001",
                       str(rnd.randint(0, 2**64 - 1)).encode(), str(rnd.randint(0, 10**6)).encode(),
                       b"1" * rnd.randint(1, 3000), hostile(6)])

def dec():
    return rnd.choice([b"0", b"0.000000", b"12.345678", b"1.", b".5", b"1.2.3", b"-", b"",
                       b"1e5", b"-1.0", b"123", b"9" * rnd.randint(1, 4000) + b".5",
                       str(rnd.random() * 1e9).encode(), hostile(6)])

def strf():
    return rnd.choice([hostile(), hostile(3), longstr(rnd.randint(900, 1200)),
                       longstr(rnd.randint(1, 3000)), b"tcp", b"-", b"SF", b"ShADadfF"])

def conn_row(uid):
    v = {f: b"-" for f in CONN_FIELDS}
    v["uid"] = uid
    for f in ("id.orig_h", "id.resp_h", "proto", "service", "conn_state", "history",
              "community_id"):
        v[f] = strf()
    for f in ("id.orig_p", "id.resp_p", "orig_bytes", "resp_bytes", "missed_bytes",
              "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes"):
        v[f] = num()
    v["ts"] = dec()
    v["duration"] = dec()
    return v

def tcp_row(uid, fields):
    row = [uid]
    for f in fields[1:]:
        if f == "quality":
            row.append(rnd.choice([b"-", b"", b"offload", b"dups,cut", hostile(), longstr(2000)]))
        else:
            row.append(rnd.choice([dec(), num(), b"-", b"1.000001"]))
    return row

def write_tsv(fh, fields, rows):
    fh.write(b"#separator \\x09\n#path\tx\n#fields\t" + b"\t".join(f.encode() if isinstance(f, str) else f for f in fields) + b"\n")
    for r in rows:
        fh.write(b"\t".join(r) + b"\n")

conn = open(os.path.join(out, "conn.log"), "wb")
tcp = open(os.path.join(out, "tcp.log"), "wb")
# the real spools first, as they are (rows in step)
for i in range(0, len(reals), 2):
    conn.write(open(reals[i], "rb").read())
    tcp.write(open(reals[i + 1], "rb").read())
conn.write(b"#fields\t" + "\t".join(CONN_FIELDS).encode() + b"\n")
if not reals:
    tcp.write(b"#fields\t" + "\t".join(TCP_FIELDS).encode() + b"\n")
uids = []
tcp_ok = set()
for i in range(4000):
    k = rnd.random()
    if k < 0.02:
        conn.write(b"\n")                     # empty line
        continue
    if k < 0.04:
        conn.write(b"# a comment\t" + hostile() + b"\n")
        continue
    if k < 0.05:
        conn.write(longstr(9000) + b"\n")     # longer than XML_LINE_MAX: skipped
        continue
    if k < 0.06:                              # the columns in another order
        order = CONN_FIELDS[:]
        rnd.shuffle(order)
        conn.write(b"#fields\t" + "\t".join(order).encode() + b"\n")
        CONN_FIELDS = order
        continue
    uid = rnd.choice([b"C0-%d" % i, b"C%d-%d" % (rnd.randint(0, 9), i), hostile(8) + b"%d" % i])
    uid = uid.replace(b"\r", b"").replace(b"\x00", b"") or b"u%d" % i
    v = conn_row(uid)
    cols = [v[f] for f in CONN_FIELDS]
    short = rnd.random() < 0.03
    if short:
        cols = cols[:rnd.randint(1, len(cols) - 1)]   # missing columns
    line = b"\t".join(cols)
    if rnd.random() < 0.05:
        line += b"\r"
    conn.write(line + b"\n")
    uids.append(uid)
    if rnd.random() < 0.5 and len(line) < 8000 and not short and b"\x00" not in line:
        r = tcp_row(uid, TCP_FIELDS)
        if rnd.random() < 0.05:
            r = r[:rnd.randint(1, len(r) - 1)]         # wrong column count: dropped
        tcp.write(b"\t".join(r) + b"\n")
        tcp_ok.add(uid)
conn.close()
tcp.close()

# tcp.log headers netrca never writes: duplicates, long names, quality in
# the middle, an empty name after the prefix ("orig_": an error either way)
odd = [["uid", "irtt", "quality", "orig_mss", "resp_mss", "orig_x_y_z", "a_b", "irtt",
        "resp_" + "n_" * 40, "orig_quality", "q&<\"", "resp_rtt_min", "zz"],
       ["uid", "irtt", "orig_", "resp_mss", "quality", "x"]]
for j, fields in enumerate(odd):
    with open(os.path.join(out, "tcp_odd%d.log" % j), "wb") as fh:
        rows = []
        for uid in uids:
            if uid in tcp_ok and rnd.random() < 0.3:
                rows.append(tcp_row(uid, fields))
        write_tsv(fh, fields, rows)
