#!/usr/bin/env bash
# Load benchmark of the server (wrk, loopback, 127.0.0.1 only). Starts build/linli on a free port
# over a fresh SQLite database with the demo data, then runs interleaved rounds of
#   A: GET /healthz                                           (the ceiling: no storage, no auth)
#   B: GET /api/v1/estates/{id}/households?page=1&page_size=50 (authenticated, paged read)
# and prints the medians and the ratio B/A (target: >= 0.5), plus the server's idle resident
# memory with the demo data loaded (target: < 64 MiB). Figures go into bench/README.md by hand.
#   usage: bench/run.sh [seconds-per-round=10] [rounds=3] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"; rounds="${2:-3}"; conns="${3:-64}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
bin=build/linli
tmp="$(mktemp -d)"
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
db="sqlite:$tmp/bench.db"
$bin migrate --db "$db" >/dev/null
$bin demo --db "$db" >/dev/null
$bin admin create --db "$db" --phone 13800000000 --password Admin12345 >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
$bin serve --db "$db" --port "$port" > "$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
sleep 2
rss_idle_kb="$(awk '/VmRSS/{print $2}' /proc/$pid/status)"
token="$(curl -sf -X POST "$base/api/v1/auth/login" -d '{"phone":"13800000000","password":"Admin12345"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
# The largest demo estate.
estate="$(LINLI_TOKEN=$token python3 - "$base" <<'PY'
import json, os, sys, urllib.request
base = sys.argv[1]
def get(p):
    r = urllib.request.Request(base + p, headers={"Authorization": "Bearer " + os.environ["LINLI_TOKEN"]})
    return json.load(urllib.request.urlopen(r))
best, best_n = None, -1
stack = [u["id"] for u in get("/api/v1/units")["items"]]
while stack:
    uid = stack.pop()
    u = get(f"/api/v1/units/{uid}")
    if u["kind"] == "estate":
        n = get(f"/api/v1/estates/{uid}")["stats"]["households"]
        if n > best_n: best, best_n = uid, n
    else:
        stack += [c["id"] for c in get(f"/api/v1/units/{uid}/children?page_size=500")["items"]]
print(best)
PY
)"
path_b="/api/v1/estates/$estate/households?page=1&page_size=50"
curl -sf -H "Authorization: Bearer $token" "$base$path_b" >/dev/null || { echo "household page failed"; exit 1; }
rps() { sed -nE 's/^Requests\/sec: *([0-9.]+).*/\1/p'; }
p99() { sed -nE 's/^ *99% +([0-9.]+[a-z]+).*/\1/p'; }
declare -a A B
for r in $(seq "$rounds"); do
  out="$(wrk -t1 -c"$conns" -d"${secs}s" --latency "$base/healthz")"
  A+=("$(rps <<<"$out")"); pa="$(p99 <<<"$out")"
  out="$(LINLI_TOKEN=$token wrk -t1 -c"$conns" -d"${secs}s" --latency -s bench/wrk/auth_get.lua "$base$path_b")"
  B+=("$(rps <<<"$out")"); pb="$(p99 <<<"$out")"
  echo "round $r: healthz ${A[-1]} req/s (p99 $pa), household page ${B[-1]} req/s (p99 $pb)"
done
rss_after_kb="$(awk '/VmRSS/{print $2}' /proc/$pid/status)"
python3 - "${A[*]}" "${B[*]}" "$rss_idle_kb" "$rss_after_kb" <<'PY'
import statistics, sys
a = [float(x) for x in sys.argv[1].split()]
b = [float(x) for x in sys.argv[2].split()]
ma, mb = statistics.median(a), statistics.median(b)
print(f"median healthz: {ma:.0f} req/s; median household page (50 rows): {mb:.0f} req/s; ratio {mb/ma:.2f} (target >= 0.50)")
print(f"idle RSS with demo data: {int(sys.argv[3])/1024:.1f} MiB (target < 64); after load: {int(sys.argv[4])/1024:.1f} MiB")
PY
