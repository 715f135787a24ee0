#!/usr/bin/env bash
# Side-by-side: `reconcile plan` against Alembic autogenerate on the same
# schema and database (N classes/tables; default 1000).
#
# Both tools answer the same question — "what does it take to bring this
# database to the model?" — for a database that is already in step, which is
# the common case in CI and in git hooks. Prints wall times and the ratio.
#
# usage: bench/compare/run.sh [N]     (needs a built ./build/reconcile)
set -euo pipefail
n=${1:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${RECONCILE_BIN:-$root/build/reconcile}
work=$(mktemp -d)
trap '(cd "$work" && "$bin" dev-db stop >/dev/null 2>&1); rm -rf "$work"' EXIT

if ! /usr/bin/python3 -c 'import alembic, sqlalchemy, psycopg2' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-alembic python3-sqlalchemy python3-psycopg2 >/dev/null
fi

python3 "$root/bench/compare/gen_linkml.py" "$n" "$work/schema.yaml"
cd "$work"
"$bin" dev-db start >/dev/null
admin=$("$bin" dev-db url)
db="bench_compare_$n"
psql -q "$admin" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
url=${admin%/*}/$db
"$bin" --schema schema.yaml --database "$url" sql > schema.sql
psql -q -v ON_ERROR_STOP=1 "$url" -f schema.sql >/dev/null

# reconcile: whole process, several runs, median.
times=()
for i in 1 2 3 4 5; do
  s=$(date +%s.%N)
  "$bin" -q --schema schema.yaml --database "$url" plan --detailed-exitcode >/dev/null
  e=$(date +%s.%N)
  times+=("$(echo "$e - $s" | bc -l)")
done
rec=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "reconcile plan: $n tables, median of 5 runs: ${rec} s (whole process)"

# Alembic autogenerate comparison (in-process timing of compare_metadata only,
# which favours Alembic: its interpreter start-up and model import are not counted).
al_times=()
for i in 1 2 3; do
  line=$(/usr/bin/python3 "$root/bench/compare/alembic_autogenerate.py" "$url")
  echo "$line"
  al_times+=("$(echo "$line" | awk '{print $(NF-1)}')")
done
al=$(printf '%s\n' "${al_times[@]}" | sort -n | sed -n 2p)
echo "alembic autogenerate: median of 3: ${al} s"
echo "ratio alembic/reconcile: $(echo "$al / $rec" | bc -l | cut -c1-6)x"
psql -q "$admin" -c "DROP DATABASE IF EXISTS $db" >/dev/null
