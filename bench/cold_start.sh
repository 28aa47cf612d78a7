#!/usr/bin/env bash
# The demo's cold start, split: a fresh clone of this repository in a temporary folder, then
#   install   scripts/install (venv + package + test extras), as scripts/demo runs it
#   generate  the synthetic demo bundle        } printed by `retrace demo` itself
#   load      the bundle into the embedded store }
#   propagate attribution of its records       }
#   serve     from the start of `retrace demo` to the first 200 of /readyz (includes the three above)
# and every line the install printed (the issue: no warnings).
#
#   bench/cold_start.sh            pip's download cache as it is on this machine (warm)
#   bench/cold_start.sh --no-cache PIP_NO_CACHE_DIR=1: every wheel downloaded, as on a fresh machine
#   REV=<commit> bench/cold_start.sh   the same for an older commit (the repository's committed state)
# Prints one JSON object. Not part of the test suite; results in docs/benchmarks.md.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/retrace-cold.XXXXXX)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
server=
if [[ " $* " == *" --no-cache "* ]]; then export PIP_NO_CACHE_DIR=1; fi
port=${PORT:-18765}

git clone -q "$repo" "$work/retrace"
cd "$work/retrace"
git checkout -q "${REV:-HEAD}"   # REV=<commit>: measure another version the same way
t0=$(date +%s.%N)
TIMEFORMAT='%U %S'  # CPU seconds (user, system) of the install: what a shared machine's load does not inflate
{ time scripts/install >"$work/install.log" 2>&1; } 2>"$work/install.cpu"
t1=$(date +%s.%N)
export RETRACE_DATA_DIR="$work/data"
.venv/bin/retrace demo --port "$port" >"$work/demo.log" 2>&1 &
server=$!
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
  kill -0 "$server" || { cat "$work/demo.log"; exit 1; }
  sleep 0.2
done
t2=$(date +%s.%N)
split=$(grep -o '(generate .* s)' "$work/demo.log" || true)
packages=$(.venv/bin/python -m pip list --format=freeze 2>/dev/null | wc -l)
python3 - "$t0" "$t1" "$t2" "$split" "$work/install.log" "$(cat "$work/install.cpu")" "$packages" "$(cat /proc/loadavg)" <<'PY'
import json, sys, re
t0, t1, t2 = map(float, sys.argv[1:4])
split = dict((k, float(v)) for k, v in re.findall(r"(\w+) ([\d.]+) s", sys.argv[4]))
lines = open(sys.argv[5], encoding="utf-8").read().splitlines()
user, system = map(float, sys.argv[6].split())
print(json.dumps({"install_s": round(t1 - t0, 1), "install_cpu_s": round(user + system, 1),
                  "packages": int(sys.argv[7]), "loadavg_after": sys.argv[8].split()[0],
                  "demo_until_ready_s": round(t2 - t1, 1),
                  "total_s": round(t2 - t0, 1), "demo_split_s": split,
                  "install_output_lines": len(lines), "install_output": lines[:20]}, ensure_ascii=False))
PY
