#!/usr/bin/env bash
# Load benchmark of residents' problems (issue 3), loopback only. Seeds two SQLite stores with
# bench/appeal_seed (1 district > 5 streets > 25 communities > 500 estates): a small one
# (10,000 problems) and a big one (1,000,000), starts `linli serve` on each, and measures with wrk
#   phase 1 (reads), interleaved rounds on the big store of
#     H: GET /healthz                                            (the ceiling)
#     L: GET /api/v1/appeals?unit_id=ESTATE&status=open&page_size=20   (round-robin, 499 estates)
#     S: GET /api/v1/stats/appeals?unit_id=DISTRICT&from=..&to=..      (12 months)
#   and S on the small store; then the time of one district report on each store, alternating:
#   the mean latency of `wrk -t1 -c1` (one request at a time) and the mean of 200 sequential
#   keep-alive requests from Python;
#   phase 2 (writes), interleaved rounds on the big store of H and
#     F: POST /api/v1/appeals as a resident (category sanitation, a place as text).
# Every wrk run starts once both servers are idle (a slow report leaves queued work behind) and
# also records the server's CPU time per request (/proc/PID/stat), which other load on the machine
# does not change. Prints L/H (target >= 0.50), F/H (target >= 0.15), the report's time big/small
# (target <= 1.5), and the servers' resident memory. Figures go into bench/README.md by hand.
#   usage: bench/appeals.sh [seconds-per-round=10] [rounds=3] [connections=32]
# Environment: LINLI_BIN (build/linli), APPEAL_SEED_BIN (build/bench/appeal_seed), WRK_THREADS (1),
#   BENCH_BIG (1000000), BENCH_SMALL (10000), BENCH_SEED (1), LINLI_BENCH_CACHE (a folder keeping
#   seeded stores for reuse: ${TMPDIR:-/tmp}/linli-bench-appeals), LINLI_BENCH_CACHE_HOURS (12:
#   an older store is seeded again, as its open problems' deadlines pass and the server's job
#   would start escalating them during the run), LINLI_BENCH_PREPARE_SQL (SQL run with sqlite3 on
#   both copies before the servers start, for experiments such as an extra index).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"; rounds="${2:-3}"; conns="${3:-32}"
threads="${WRK_THREADS:-1}"
bin="${LINLI_BIN:-build/linli}"
seeder="${APPEAL_SEED_BIN:-build/bench/appeal_seed}"
big="${BENCH_BIG:-1000000}"; small="${BENCH_SMALL:-10000}"; seed="${BENCH_SEED:-1}"
cache="${LINLI_BENCH_CACHE:-${TMPDIR:-/tmp}/linli-bench-appeals}"
cache_hours="${LINLI_BENCH_CACHE_HOURS:-12}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
for f in "$bin" "$seeder"; do [[ -x "$f" ]] || { echo "$f is missing: build linli and appeal_seed"; exit 1; }; done

tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# A seeded store is reused while the seeder, the schema, N and the seed are the same.
version="$(cat bench/appeal_seed.cpp src/storage/migrations/sqlite/*.sql | sha1sum | cut -c1-12)"
mkdir -p "$cache"
# seed N NAME: copies a store of N problems to $tmp/NAME.db (seeding it into the cache if needed)
# and leaves the seeder's key=value output in $tmp/NAME.out.
seed() {
  local n="$1" name="$2" base="$cache/appeals-$1-s$seed-$version"
  if [[ -f "$base.out" && -n "$(find "$base.out" -mmin -$((cache_hours * 60)))" ]]; then
    echo "using the seeded store $base.db ($(grep '^appeals=' "$base.out"))" >&2
  else
    rm -f "$cache/appeals-$n-"*
    echo "seeding $n problems into $base.db ..." >&2
    local t0=$SECONDS
    "$seeder" --db "sqlite:$base.db.tmp" --appeals "$n" --seed "$seed" > "$base.out.tmp"
    mv "$base.db.tmp" "$base.db"; mv "$base.db.tmp.key" "$base.db.key"; mv "$base.out.tmp" "$base.out"
    echo "seeded in $((SECONDS - t0)) s" >&2
  fi
  cp "$base.db" "$tmp/$name.db"; cp "$base.db.key" "$tmp/$name.db.key"; cp "$base.out" "$tmp/$name.out"
}
val() { sed -nE "s/^$2=(.*)/\1/p" "$tmp/$1.out"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# serve NAME: starts a server on $tmp/NAME.db; sets port_NAME and pid_NAME.
serve() {
  local port; port="$(free_port)"
  "$bin" serve --db "sqlite:$tmp/$1.db" --port "$port" > "$tmp/$1.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "server on $1 did not start:"; cat "$tmp/$1.log"; exit 1; }
  printf -v "port_$1" '%s' "$port"; printf -v "pid_$1" '%s' "$pid"
}
login() {  # login PORT PHONE -> token
  curl -sf -X POST "http://127.0.0.1:$1/api/v1/auth/login" \
    -d "{\"phone\":\"$2\",\"password\":\"$(val big password)\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
rss_mib() { awk '/VmRSS/{printf "%.1f", $2/1024}' "/proc/$1/status"; }

seed "$small" small
seed "$big" big
if [[ -n "${LINLI_BENCH_PREPARE_SQL:-}" ]]; then  # an experiment: e.g. an index the schema lacks
  for s in small big; do sqlite3 "$tmp/$s.db" "$LINLI_BENCH_PREPARE_SQL"; done
fi
for s in small big; do
  echo "$s store: $(val $s appeals) problems, $(val $s open) open ($(val $s overdue) overdue), " \
       "$(val $s escalated) escalated; $(du -m "$tmp/$s.db" | cut -f1) MiB" >&2
done
serve small
serve big
sleep 2
rss_idle_big="$(rss_mib "$pid_big")"
base_b="http://127.0.0.1:$port_big"; base_s="http://127.0.0.1:$port_small"
tok_b="$(login "$port_big" "$(val big official_phone)")"
tok_s="$(login "$port_small" "$(val small official_phone)")"
tok_r="$(login "$port_big" "$(val big resident_phone)")"
stats_path() { echo "/api/v1/stats/appeals?unit_id=$(val "$1" district_id)&from=$(val "$1" from)&to=$(val "$1" to)"; }
path_sb="$(stats_path big)"; path_ss="$(stats_path small)"
for check in "$tok_b $base_b$path_sb" "$tok_s $base_s$path_ss" \
             "$tok_b $base_b/api/v1/appeals?unit_id=$(val big estate_first)&status=open&page_size=20"; do
  set -- $check
  curl -sf -H "Authorization: Bearer $1" "$2" >/dev/null || { echo "GET $2 failed"; exit 1; }
done
echo "district report (big store): $(curl -sf -H "Authorization: Bearer $tok_b" "$base_b$path_sb" |
  python3 -c 'import json,sys; t=json.load(sys.stdin)["total"]; print("received %d, open now %d, overdue now %d" % (t["received"], t["open_now"], t["overdue_now"]))')" >&2

rps() { sed -nE 's/^Requests\/sec: *([0-9.]+).*/\1/p'; }
count() { sed -nE 's/^ *([0-9]+) requests in .*/\1/p'; }
mean_lat() { sed -nE 's/^ *Latency +([0-9.]+[a-z]+).*/\1/p'; }
p99() { sed -nE 's/^ *99% +([0-9.]+[a-z]+).*/\1/p'; }
bad() { sed -nE 's/^ *Non-2xx or 3xx responses: *([0-9]+).*/\1/p'; }
hz="$(getconf CLK_TCK)"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system CPU of a process
# Waits (at most 60 s) until both servers are idle, so that a run does not pay for the requests
# the previous one left queued (a slow report with 32 connections leaves seconds of work).
settle() {
  local a b
  for _ in $(seq 120); do
    a=$(( $(ticks "$pid_big") + $(ticks "$pid_small") )); sleep 0.5
    b=$(( $(ticks "$pid_big") + $(ticks "$pid_small") ))
    (( (b - a) * 100 <= hz * 5 / 2 )) && return 0  # under 5% of one core
  done
}
# run LABEL PID [VAR=value...] -- WRK-ARGS: runs wrk against the server PID once both servers are
# idle, fails on non-2xx answers, prints "req/s p99 server-CPU-microseconds-per-request".
run() {
  local label="$1" pid="$2"; shift 2
  local envs=()
  while [[ "$1" != "--" ]]; do envs+=("$1"); shift; done
  shift
  settle
  local t0; t0="$(ticks "$pid")"
  local out; out="$(env "${envs[@]}" wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" 2>&1)" ||
    { echo "$label: wrk failed: $out" >&2; exit 1; }
  local t1; t1="$(ticks "$pid")"
  local b; b="$(bad <<<"$out")"
  [[ -z "$b" ]] || { echo "$label: $b answers were not 2xx" >&2; echo "$out" >&2; exit 1; }
  local n; n="$(count <<<"$out")"
  echo "$(rps <<<"$out") $(p99 <<<"$out") $(( (t1 - t0) * 1000000 / hz / (n > 0 ? n : 1) ))"
}
wrk_env=(LINLI_TOKEN="$tok_b")
declare -a H L SB SS H2 F CH CL CF
echo "phase 1: reads, ${rounds} x ${secs} s, wrk -t$threads -c$conns" >&2
for r in $(seq "$rounds"); do
  read -r a pa ca <<<"$(run healthz "$pid_big" -- "$base_b/healthz")"; H+=("$a"); CH+=("$ca")
  read -r b pb cb <<<"$(run list "$pid_big" "${wrk_env[@]}" LINLI_ESTATE_FIRST="$(val big estate_first)" \
    LINLI_ESTATE_LAST="$(val big estate_last)" -- -s bench/wrk/appeal_list.lua "$base_b/")"; L+=("$b"); CL+=("$cb")
  read -r c pc _ <<<"$(run stats-big "$pid_big" "${wrk_env[@]}" -- -s bench/wrk/appeal_stats.lua "$base_b$path_sb")"; SB+=("$c")
  read -r d pd _ <<<"$(run stats-small "$pid_small" LINLI_TOKEN="$tok_s" -- -s bench/wrk/appeal_stats.lua "$base_s$path_ss")"; SS+=("$d")
  echo "round $r: healthz $a req/s (p99 $pa, ${ca} us CPU each), list $b (p99 $pb, ${cb} us CPU)," \
       "district report: $big $c (p99 $pc), $small $d (p99 $pd)" >&2
done

# One report at a time: wrk with one connection on each store, alternating; then 200 sequential
# keep-alive requests on each (Python), in alternating blocks of 50.
declare -a LB LS
lat_secs=$(( secs < 10 ? 5 : secs / 2 ))
for r in $(seq "$rounds"); do
  settle
  LB+=("$(env LINLI_TOKEN="$tok_b" wrk -t1 -c1 -d"${lat_secs}s" --timeout 30s -s bench/wrk/appeal_stats.lua "$base_b$path_sb" | mean_lat)")
  LS+=("$(env LINLI_TOKEN="$tok_s" wrk -t1 -c1 -d"${lat_secs}s" --timeout 30s -s bench/wrk/appeal_stats.lua "$base_s$path_ss" | mean_lat)")
  echo "one report at a time (wrk -c1), round $r: $big ${LB[-1]}, $small ${LS[-1]}" >&2
done
settle
read -r QB QS <<<"$(python3 - "$port_big" "$tok_b" "$path_sb" "$port_small" "$tok_s" "$path_ss" <<'PY'
import http.client, sys, time
stores = []
for i in (1, 4):
    c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[i]))
    stores.append((c, {"Authorization": "Bearer " + sys.argv[i + 1]}, sys.argv[i + 2]))
def one(c, h, path):
    c.request("GET", path, headers=h)
    r = c.getresponse(); r.read()
    assert r.status == 200, r.status
total = [0.0, 0.0]
for s in stores:
    for _ in range(10): one(*s)
for block in range(4):
    for k, s in enumerate(stores):
        t = time.perf_counter()
        for _ in range(50): one(*s)
        total[k] += time.perf_counter() - t
print(" ".join(f"{x / 200 * 1000:.3f}" for x in total))
PY
)"
echo "200 sequential reports: $big ${QB} ms, $small ${QS} ms each" >&2
rss_reads_big="$(rss_mib "$pid_big")"

echo "phase 2: filing, ${rounds} x ${secs} s" >&2
for r in $(seq "$rounds"); do
  read -r a pa ca <<<"$(run healthz "$pid_big" -- "$base_b/healthz")"; H2+=("$a"); CH+=("$ca")
  read -r b pb cb <<<"$(run file "$pid_big" LINLI_TOKEN="$tok_r" LINLI_ESTATE="$(val big home_estate)" -- \
    -s bench/wrk/appeal_file.lua "$base_b/api/v1/appeals")"; F+=("$b"); CF+=("$cb")
  echo "round $r: healthz $a req/s (p99 $pa), file $b (p99 $pb, ${cb} us CPU each)" >&2
done
rss_after_big="$(rss_mib "$pid_big")"
rss_small="$(rss_mib "$pid_small")"

python3 - "${H[*]}" "${L[*]}" "${SB[*]}" "${SS[*]}" "${LB[*]}" "${LS[*]}" "$QB" "$QS" \
  "${H2[*]}" "${F[*]}" "$rss_idle_big" "$rss_reads_big" "$rss_after_big" "$rss_small" \
  "${CH[*]}" "${CL[*]}" "${CF[*]}" "$big" "$small" <<'PY'
import re, statistics as st, sys
f = lambda i: [float(x) for x in sys.argv[i].split()]
def us(s):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s)", s)
    return float(m[1]) * {"us": 1, "ms": 1e3, "s": 1e6}[m[2]]
H, L, SB, SS = (st.median(f(i)) for i in range(1, 5))
LB = st.median(us(x) for x in sys.argv[5].split()); LS = st.median(us(x) for x in sys.argv[6].split())
QB, QS = float(sys.argv[7]), float(sys.argv[8])
H2, F = st.median(f(9)), st.median(f(10))
CH, CL, CF = (st.median(f(i)) for i in (15, 16, 17))
nb, ns = f"{int(sys.argv[18]):,}", f"{int(sys.argv[19]):,}"
print(f"healthz (reads phase): {H:.0f} req/s")
print(f"list, a page of 20 open problems: {L:.0f} req/s; ratio {L/H:.2f} (target >= 0.50)")
print(f"district report, 12 months: {nb} problems {SB:.1f} req/s, {ns} problems {SS:.1f} req/s")
print(f"one district report at a time: wrk -c1 mean {nb}: {LB/1000:.1f} ms, {ns}: {LS/1000:.1f} ms, growth {LB/LS:.1f};"
      f" 200 sequential: {nb}: {QB:.1f} ms, {ns}: {QS:.1f} ms, growth {QB/QS:.1f} (target <= 1.5)")
print(f"healthz (filing phase): {H2:.0f} req/s; file: {F:.0f} req/s; ratio {F/H2:.2f} (target >= 0.15)")
print(f"server CPU per request (median of rounds): healthz {CH:.0f} us, list {CL:.0f} us, file {CF:.0f} us;"
      f" healthz/list {CH/CL:.2f}, healthz/file {CH/CF:.2f}")
print(f"RSS {nb} server: idle {sys.argv[11]} MiB, after reads {sys.argv[12]} MiB, after filing {sys.argv[13]} MiB; {ns} server {sys.argv[14]} MiB")
PY
