#!/usr/bin/python3
"""Server time of reconcile's introspection queries: each query of
db/introspect/introspect.cpp run once with EXPLAIN (ANALYZE, TIMING
OFF) in one fresh session, in the order introspect() runs them; prints each
query's planning + execution time (ms) and the total. With --plans, prints
each query's plan as text (EXPLAIN (ANALYZE, COSTS OFF)) instead.

usage: server_time.py [--plans] INTROSPECT_CPP DATABASE_URL SCHEMA[,SCHEMA...]
"""
import json, re, subprocess, sys
args = sys.argv[1:]
plans = args[:1] == ["--plans"]
if plans:
    args = args[1:]
src, url, schemas = args
s = open(src).read()
qs = re.findall(r'constexpr const char\* (k\w+Sql) = R"SQL\((.*?)\)SQL"', s, re.S)
arr = "'{" + schemas + "}'::text[]"
script = "set search_path = pg_catalog;\n"
explain = "explain (analyze, costs off, summary on) " if plans else \
    "explain (analyze, timing off, format json) "
for name, body in qs:
    body = body.replace("$1::text[]", arr).replace("$1", arr).replace("%NND%", "i.indnullsnotdistinct")
    if plans:
        script += f"\\echo === {name}\n"
    script += explain + body + ";\n"
out = subprocess.run(["psql", "-qAtX", url], input=script, capture_output=True, text=True, check=True).stdout
if plans:
    print(out, end="")
    sys.exit(0)
dec = json.JSONDecoder(); i = 0; tot = 0; res = []
while i < len(out):
    while i < len(out) and out[i].isspace(): i += 1
    if i >= len(out): break
    d, i = dec.raw_decode(out, i); d = d[0]
    t = d["Planning Time"] + d["Execution Time"]; tot += t; res.append(round(t, 1))
print(" ".join(f"{n[1:-3]}={t}" for (n, _), t in zip(qs, res)), f"total={tot:.1f}")
