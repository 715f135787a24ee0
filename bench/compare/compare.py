#!/usr/bin/python3
"""Side-by-side comparison of reconcile with the tools it replaces.

Every row runs the two commands interleaved (A B B A A B ..., after one
warm-up each), as whole processes unless noted, and prints min / median /
max of wall time, CPU time (user + sys of the process and its children) and
peak memory, then the ratio of the medians. The raw runs go to a JSON file.
Figures only: nothing here passes or fails.

Rows (see bench/README.md):
  plan-noop      `reconcile plan` on the generated realistic project (~100
                 modules, two PostgreSQL schemas) vs a database in step,
                 against Alembic's compare_metadata (in-process, model
                 already reflected: only the comparison is timed)
  diff-drift     `reconcile diff` of two 500 x 20 databases, ~5% drift,
                 against migra (@pgkit/migra)
  diff-empty     `reconcile diff` empty -> 500 x 20, against migra
  ddl            `reconcile sql` of the realistic project (LinkML -> DDL),
                 with and without the desired-catalog cache; LinkML's
                 gen-sqltables when it is installed, else its figure from
                 bench/README.md
  load-50mb      `reconcile sql` of one 50 MB LinkML file (MB/s)
  memory         peak memory of `reconcile diff` empty -> 2,000 x 10 vs migra
  apply          `reconcile apply` of one revision of >= 2,000 statements vs
                 `psql -1 -f` of the same SQL (a fresh database each run)
  startup        `reconcile version`, `reconcile status --hook` (nothing pending),
                 each timed in a loop of 20 runs from one shell
  server         server time (EXPLAIN ANALYZE) of the introspection queries
  growth         plan no-op, diff empty -> N x 20 and LinkML -> DDL at 100,
                 1,000 and 5,000 tables

usage: compare.py [--runs N] [--only ROW,...] [--json FILE]
environment: RECONCILE_BIN, RECONCILE_GEN_PROJECT (reconcile_gen_project),
             MIGRA_DIR (folder with node_modules/.bin/migra), WORK_DIR
"""
import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


class Runner:
    """Runs commands in a fresh child of this process, so that getrusage
    (RUSAGE_CHILDREN) gives exactly that command's CPU time and peak memory."""

    @staticmethod
    def once(cmd, cwd=None, env=None, prepare=None):
        if prepare:
            prepare()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                start = time.perf_counter()
                p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
                wall = time.perf_counter() - start
                ru = resource.getrusage(resource.RUSAGE_CHILDREN)
                res = {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                       "peak_mib": ru.ru_maxrss / 1024.0, "exit": p.returncode,
                       "stdout": p.stdout.decode(errors="replace")[-400:]}
            except Exception as e:  # noqa: BLE001 - reported as a failed run
                res = {"error": str(e)}
            os.write(w, json.dumps(res).encode())
            os._exit(0)
        os.close(w)
        data = b""
        while True:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            data += chunk
        os.close(r)
        os.waitpid(pid, 0)
        return json.loads(data)


def stats(values):
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def fmt(s, unit="s"):
    if unit == "s":
        f = lambda v: f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"  # noqa: E731
    else:
        f = lambda v: f"{v:.1f} MiB"  # noqa: E731
    return f"{f(s['median'])} (min {f(s['min'])}, max {f(s['max'])})"


class Suite:
    def __init__(self, args):
        self.runs = args.runs
        self.rows = []
        self.bin = os.environ.get("RECONCILE_BIN", os.path.join(ROOT, "build/bench/reconcile"))
        self.gen = os.environ.get("RECONCILE_GEN_PROJECT",
                                  os.path.join(os.path.dirname(self.bin),
                                               "tests/support/reconcile_gen_project"))
        self.migra_dir = os.environ.get("MIGRA_DIR", "")
        self.work = os.environ.get("WORK_DIR") or tempfile.mkdtemp(prefix="reconcile-compare-")
        os.makedirs(self.work, exist_ok=True)
        self.admin = None

    # --- set-up -------------------------------------------------------------
    def start(self):
        sh([self.bin, "dev-db", "start"], cwd=self.work)
        self.admin = sh([self.bin, "dev-db", "url"], cwd=self.work).strip()

    def stop(self):
        subprocess.run([self.bin, "dev-db", "stop"], cwd=self.work, capture_output=True)

    def url(self, db):
        return self.admin.rsplit("/", 1)[0] + "/" + db

    def psql(self, db, sql=None, file=None):
        cmd = ["psql", "-qX", "-v", "ON_ERROR_STOP=1", self.url(db)]
        if file:
            cmd += ["-f", file]
        subprocess.run(cmd, input=sql, text=True, check=True, capture_output=True)

    def fresh_db(self, db):
        self.psql("postgres", f"drop database if exists {db} with (force);\ncreate database {db};\n")

    def migra(self):
        if not self.migra_dir:
            return None
        m = os.path.join(self.migra_dir, "node_modules", ".bin", "migra")
        return m if os.path.exists(m) else None

    # --- one comparison -----------------------------------------------------
    def compare(self, name, what, a, b=None, cwd=None, prepare_a=None, prepare_b=None,
                b_seconds=None, note="", ok=(0, 2)):
        """a, b: (label, argv). b_seconds: parses B's own timing from its
        stdout (Alembic's in-process figure) instead of the process's."""
        print(f"\n== {name}: {what}", flush=True)
        cmds = [("A", a, prepare_a)] + ([("B", b, prepare_b)] if b else [])
        runs = {"A": [], "B": []}
        for tag, (label, argv), prep in cmds:  # warm-up
            Runner.once(argv, cwd=cwd, prepare=prep)
        for i in range(self.runs):
            order = cmds if i % 2 == 0 else list(reversed(cmds))
            for tag, (label, argv), prep in order:
                r = Runner.once(argv, cwd=cwd, prepare=prep)
                if tag == "B" and b_seconds and "stdout" in r:
                    r["own_seconds"] = b_seconds(r["stdout"])
                runs[tag].append(r)
        row = {"name": name, "what": what, "note": note, "a": {"label": a[0], "argv": a[1],
                                                              "runs": runs["A"]}}
        self.print_side("A", a[0], runs["A"], ok=ok)
        if b:
            row["b"] = {"label": b[0], "argv": b[1], "runs": runs["B"]}
            self.print_side("B", b[0], runs["B"], own=bool(b_seconds), ok=ok)
            ta = statistics.median(r["wall"] for r in runs["A"])
            key = "own_seconds" if b_seconds else "wall"
            tb = statistics.median(r[key] for r in runs["B"])
            row["ratio"] = tb / ta
            ma = statistics.median(r["peak_mib"] for r in runs["A"])
            mb = statistics.median(r["peak_mib"] for r in runs["B"])
            print(f"   ratio B/A (median wall{', B in-process' if b_seconds else ''}): "
                  f"{row['ratio']:.1f}x   peak memory B/A: {mb / ma:.1f}x")
        if note:
            print(f"   note: {note}")
        self.rows.append(row)
        return row

    @staticmethod
    def print_side(tag, label, runs, own=False, ok=(0, 2)):
        bad = [r for r in runs if r.get("exit", 1) not in ok]
        if bad:
            print(f"   {tag} {label}: {len(bad)} run(s) failed: {bad[0]}")
        wall = stats([r["wall"] for r in runs])
        cpu = stats([r["cpu"] for r in runs])
        mem = stats([r["peak_mib"] for r in runs])
        print(f"   {tag} {label}")
        if own:
            own_s = stats([r["own_seconds"] for r in runs])
            print(f"      in-process {fmt(own_s)}; whole process wall {fmt(wall)}")
        else:
            print(f"      wall {fmt(wall)}   cpu {fmt(cpu)}   peak {fmt(mem, 'MiB')}")

    def single(self, name, what, argv, cwd=None, prepare=None, note="", runs=None, label=None):
        """A row without a peer."""
        saved = self.runs
        if runs:
            self.runs = runs
        label = label or argv[0].split("/")[-1] + " " + " ".join(argv[1:3])
        row = self.compare(name, what, (label, argv),
                           cwd=cwd, prepare_a=prepare, note=note)
        self.runs = saved
        return row

    # --- fixtures -----------------------------------------------------------
    def realistic_project(self):
        d = os.path.join(self.work, "realistic")
        if not os.path.exists(d):
            sh([self.gen, d])
            with open(os.path.join(d, "reconcile.yaml"), "w") as f:
                f.write(f"schema: main.yaml\nschemas: [public]\ndatabase: {self.url('realistic')}\n")
            self.fresh_db("realistic")
            ddl = sh([self.bin, "-q", "sql"], cwd=d)
            self.psql("realistic", ddl)
        return d

    def table_db(self, db, tables, columns, drift=0.0):
        """A database of `tables` tables of `columns` columns (keys, foreign
        keys, uniques, checks, indexes, defaults, comments, two enums); with
        drift, that share of the tables is edited."""
        sql = gen_tables_sql(tables, columns, drift)
        self.fresh_db(db)
        path = os.path.join(self.work, db + ".sql")
        with open(path, "w") as f:
            f.write(sql)
        self.psql(db, file=path)
        return self.url(db)


def gen_tables_sql(tables, columns, drift):
    import random
    rng = random.Random(7)
    types = ["integer", "bigint", "text", "varchar(100)", "numeric(12,2)", "boolean",
             "timestamp with time zone", "date", "jsonb", "uuid", "double precision"]
    out = ["create type status as enum ('draft', 'active', 'retired');",
           "create type kind as enum ('a', 'b', 'c');"]
    edited = set(rng.sample(range(tables), int(tables * drift))) if drift else set()
    for t in range(tables):
        name = f"t{t:05d}"
        cols = ["id bigint generated by default as identity primary key"]
        if t > 0:
            cols.append(f"parent_id bigint references t{t - 1:05d} (id) on delete cascade")
        cols.append("status status not null default 'draft'")
        cols.append("code varchar(40) not null unique")
        n = len(cols)
        for c in range(columns - n):
            ty = types[(t + c) % len(types)]
            extra = ""
            if ty == "boolean":
                extra = " not null default false"
            elif ty == "timestamp with time zone" and c % 2 == 0:
                extra = " default now()"
            elif ty == "integer" and c % 3 == 0:
                extra = f" check (c{c:02d} >= 0)"
            cols.append(f"c{c:02d} {ty}{extra}")
        if t in edited:
            k = t % 4
            if k == 0:
                cols.append("added_col text")  # a new column
            elif k == 1:
                cols.pop()  # a dropped column
            elif k == 2:
                cols = [c.replace(" integer", " bigint", 1) if c.startswith("c0") else c
                        for c in cols]  # type changes
            else:
                cols = [c.replace(" not null unique", " unique") for c in cols]  # nullability
        out.append(f"create table {name} (\n  " + ",\n  ".join(cols) + "\n);")
        if t > 0:
            out.append(f"create index on {name} (parent_id);")
        if t in edited and t % 4 == 3:
            out.append(f"create index on {name} (status, code);")
        if t % 10 == 0:
            out.append(f"comment on table {name} is 'table number {t}';")
    return "\n".join(out) + "\n"


# --- rows -------------------------------------------------------------------
def row_plan_noop(s):
    d = s.realistic_project()
    url = s.url("realistic")
    alembic = [PY, os.path.join(HERE, "alembic_autogenerate.py"), url, "public,archive"]
    s.compare("plan-noop", "no-op plan, realistic project (~100 modules, public + archive), "
              "desired-catalog cache warm",
              ("reconcile plan", [s.bin, "-q", "plan", "--detailed-exitcode"]),
              ("alembic compare_metadata", alembic), cwd=d,
              b_seconds=parse_alembic_seconds)
    cache = os.path.join(d, ".reconcile", "cache")
    s.compare("plan-noop-cold", "the same, cache emptied before each run (load + map + plan)",
              ("reconcile plan (no cache)", [s.bin, "-q", "plan", "--detailed-exitcode"]),
              ("alembic compare_metadata", alembic), cwd=d,
              prepare_a=lambda: shutil.rmtree(cache, ignore_errors=True),
              b_seconds=parse_alembic_seconds)


def parse_alembic_seconds(stdout):
    return float(stdout.strip().split()[-2])


def row_diff(s):
    a = s.table_db("bench_a", 500, 20)
    b = s.table_db("bench_b", 500, 20, drift=0.05)
    s.fresh_db("bench_empty")
    e = s.url("bench_empty")
    migra = s.migra()
    for name, what, x, y in (("diff-drift", "diff of two 500 x 20 databases, 5% of the tables edited",
                              a, b),
                             ("diff-empty", "diff empty -> 500 x 20", e, a)):
        peer = ("migra", [migra, x, y, "--unsafe"]) if migra else None
        s.compare(name, what, ("reconcile diff", [s.bin, "-q", "diff", x, y]), peer, cwd=s.work,
                  note="" if migra else "migra not installed (MIGRA_DIR)")


def row_memory(s):
    big = s.table_db("bench_2000", 2000, 10)
    s.fresh_db("bench_empty")
    e = s.url("bench_empty")
    migra = s.migra()
    peer = ("migra", [migra, e, big, "--unsafe"]) if migra else None
    s.compare("memory", "peak memory, diff empty -> 2,000 x 10",
              ("reconcile diff", [s.bin, "-q", "diff", e, big]), peer, cwd=s.work)


def row_ddl(s):
    d = s.realistic_project()
    cache = os.path.join(d, ".reconcile", "cache")
    gen = shutil.which("gen-sqltables")
    peer = ("gen-sqltables", [gen, "--dialect", "postgresql", "main.yaml"]) if gen else None
    s.compare("ddl", "LinkML -> DDL of the realistic project (102 files), no cache",
              ("reconcile sql", [s.bin, "-q", "sql"]), peer, cwd=d,
              prepare_a=lambda: shutil.rmtree(cache, ignore_errors=True),
              note="" if gen else "gen-sqltables is not installable here (PyPI unreachable); "
                                  "LinkML's figure on the same shape: 3.7 s (bench/README.md)")
    s.single("ddl-cached", "the same with the desired-catalog cache warm",
             [s.bin, "-q", "sql"], cwd=d)


def row_load(s):
    path = os.path.join(s.work, "big50.yaml")
    if not os.path.exists(path):
        sh([PY, os.path.join(HERE, "gen_linkml.py"), "65000", path])
    mb = os.path.getsize(path) / 1e6
    row = s.single("load-50mb", f"reconcile sql of one {mb:.0f} MB LinkML file (load + map + DDL)",
                   [s.bin, "-q", "--schema", path, "sql"], cwd=s.work, runs=3,
                   prepare=lambda: shutil.rmtree(os.path.join(s.work, ".reconcile", "cache"),
                                                 ignore_errors=True))
    t = statistics.median(r["wall"] for r in row["a"]["runs"])
    print(f"   throughput: {mb / t:.1f} MB/s (whole process)")
    row["mb"] = mb


def row_apply(s):
    d = os.path.join(s.work, "applyproj")
    if not os.path.exists(d):
        sh([s.gen, d, "120", "2"])
        with open(os.path.join(d, "reconcile.yaml"), "w") as f:
            f.write(f"schema: main.yaml\nschemas: [public, archive]\n"
                    f"database: {s.url('bench_apply')}\n")
        sh(["git", "init", "-q"], cwd=d)
        sh(["git", "add", "-A"], cwd=d)
        sh(["git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "schema"], cwd=d)
        s.fresh_db("bench_apply")
        sh([s.bin, "-q", "revision", "-m", "all", "--no-commit"], cwd=d)
    mig = os.path.join(d, "generated-migrations")
    rev = [f for f in os.listdir(mig) if f.endswith(".sql")][0]
    text = open(os.path.join(mig, rev)).read()
    up = text.split("-- +up\n", 1)[1].split("-- +down\n", 1)[0]
    up_path = os.path.join(s.work, "apply_up.sql")
    with open(up_path, "w") as f:
        f.write(up)
    statements = sum(1 for line in up.splitlines() if line.rstrip().endswith(";"))
    s.compare("apply", f"apply one revision of {statements} statements to an empty database",
              ("reconcile apply", [s.bin, "-q", "apply", "--no-generate"]),
              ("psql -1 -f", ["psql", "-qX", "-1", "-v", "ON_ERROR_STOP=1", "-f", up_path,
                              s.url("bench_apply")]),
              cwd=d, prepare_a=lambda: s.fresh_db("bench_apply"),
              prepare_b=lambda: s.fresh_db("bench_apply"), ok=(0,))


def row_startup(s):
    d = os.path.join(s.work, "startup")
    if not os.path.exists(d):
        sh([s.gen, d])
        with open(os.path.join(d, "reconcile.yaml"), "w") as f:
            f.write(f"schema: main.yaml\nschemas: [public, archive]\n"
                    f"database: {s.url('bench_startup')}\n")
        sh(["git", "init", "-q"], cwd=d)
        sh(["git", "add", "-A"], cwd=d)
        sh(["git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "schema"], cwd=d)
        s.fresh_db("bench_startup")
        sh([s.bin, "-q", "revision", "-m", "init"], cwd=d)
        sh([s.bin, "-q", "apply"], cwd=d)
    # A process this short is timed in a loop of LOOP runs from one shell, so
    # that the cost of starting it from Python does not count; the figure is
    # the loop's time divided by LOOP.
    loop = 20
    for name, what, args in (
            ("version", "reconcile version", ["version"]),
            ("status-hook", "reconcile status --hook, nothing pending (one applied revision of "
             "the realistic project)", ["status", "--hook"])):
        script = f'i=0; while [ $i -lt {loop} ]; do "$0" "$@" >/dev/null; i=$((i+1)); done'
        row = s.single(name, f"{what} ({loop} runs in a loop per measurement)",
                       ["/bin/sh", "-c", script, s.bin] + args, cwd=d,
                       label=f"reconcile {' '.join(args)} x {loop}")
        per = {k: v / loop for k, v in stats([r["wall"] for r in row["a"]["runs"]]).items()}
        cpu = statistics.median(r["cpu"] for r in row["a"]["runs"]) / loop
        print(f"   per run: wall {fmt(per)}   cpu {cpu * 1000:.1f} ms")
        row["loop"] = loop


def row_server(s):
    s.table_db("bench_a", 500, 20) if not s.db_exists("bench_a") else None
    src = os.path.join(ROOT, "db", "introspect", "introspect.cpp")
    if not os.path.exists(src):
        print("\n== server: introspect.cpp not found")
        return
    totals = []
    for _ in range(s.runs):
        out = sh([PY, os.path.join(HERE, "server_time.py"), src, s.url("bench_a"), "public"])
        totals.append(float(out.strip().split("total=")[1]))
        last = out.strip()
    st = stats(totals)
    print(f"\n== server: server time of the introspection queries, 500 x 20 (EXPLAIN ANALYZE, "
          f"fresh session each run)\n   {fmt({k: v / 1000 for k, v in st.items()})}\n   last: {last}")
    s.rows.append({"name": "server", "runs_ms": totals, "last": last})


def row_growth(s):
    migra = s.migra()
    for n in (100, 1000, 5000):
        proj = os.path.join(s.work, f"growth{n}")
        os.makedirs(proj, exist_ok=True)
        sh([PY, os.path.join(HERE, "gen_linkml.py"), str(n), os.path.join(proj, "schema.yaml")])
        with open(os.path.join(proj, "reconcile.yaml"), "w") as f:
            f.write(f"schema: schema.yaml\ndatabase: {s.url(f'growth{n}')}\n")
        s.fresh_db(f"growth{n}")
        s.psql(f"growth{n}", sh([s.bin, "-q", "sql"], cwd=proj))
        s.single(f"growth-plan-{n}", f"no-op plan, {n} classes/tables (cache warm)",
                 [s.bin, "-q", "plan", "--detailed-exitcode"], cwd=proj, runs=min(s.runs, 5))
        cache = os.path.join(proj, ".reconcile", "cache")
        s.single(f"growth-sql-{n}", f"LinkML -> DDL, {n} classes (no cache)",
                 [s.bin, "-q", "sql"], cwd=proj, runs=min(s.runs, 5),
                 prepare=lambda c=cache: shutil.rmtree(c, ignore_errors=True))
        x = s.table_db(f"growth_db{n}", n, 20)
        s.fresh_db("bench_empty")
        e = s.url("bench_empty")
        peer = ("migra", [migra, e, x, "--unsafe"]) if migra and n <= 1000 else None
        s.compare(f"growth-diff-{n}", f"diff empty -> {n} x 20",
                  ("reconcile diff", [s.bin, "-q", "diff", e, x]), peer, cwd=s.work)
        s.psql("postgres", f"drop database growth_db{n} with (force);")


ROWS = {"plan-noop": row_plan_noop, "diff": row_diff, "ddl": row_ddl, "load-50mb": row_load,
        "memory": row_memory, "apply": row_apply, "startup": row_startup, "server": row_server,
        "growth": row_growth}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--only", default="")
    ap.add_argument("--json", default="")
    args = ap.parse_args()
    s = Suite(args)
    s.db_exists = lambda db: bool(sh(["psql", "-qAtX", s.url("postgres"), "-c",
                                      f"select 1 from pg_database where datname = '{db}'"]).strip())
    load = os.getloadavg()
    print(f"reconcile compare: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {s.runs} runs per command, interleaved")
    print(f"reconcile: {s.bin}; work folder {s.work}")
    s.start()
    try:
        only = [x for x in args.only.split(",") if x]
        for name, fn in ROWS.items():
            if not only or name in only:
                fn(s)
    finally:
        s.stop()
    load_after = os.getloadavg()
    print(f"\nload after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    out = args.json or os.path.join(s.work, "compare.json")
    with open(out, "w") as f:
        json.dump({"host": platform.node(), "cores": os.cpu_count(), "load_before": load,
                   "load_after": load_after, "runs": s.runs, "reconcile": s.bin, "rows": s.rows},
                  f, indent=1)
    print(f"raw runs: {out}")


if __name__ == "__main__":
    sys.exit(main())
