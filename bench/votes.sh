#!/usr/bin/env bash
# Load benchmark of owners' votes (issue 5), loopback only, one SQLite store. Sets up through the
# public API an estate of N owners (default 10,000: one flat each, imported as CSV), announces
# V+1 votes (matter 4) 16 days ahead on the test clock, moves the clock into the window, enters
# B (default 8,000) paper ballots into the first vote one request at a time (Python keep-alive),
# closes it (the tally) and publishes it, then measures with wrk, in interleaved rounds:
#     H: GET /healthz                                     (the ceiling)
#     R: GET /api/v1/votes/FIRST/result, no login         (the published result: N owners, B ballots)
#     C: POST /api/v1/votes/K/ballots as staff, a paper ballot for another (vote, owner) each time
# and records the server's CPU time per request (/proc/PID/stat). Prints H/R (target <= 20: the
# result costs at most 20 healthz requests), C/H (target >= 0.15), the close's time, and the
# server's resident memory. Figures go into bench/README.md by hand.
#   usage: bench/votes.sh [seconds-per-round=10] [rounds=3] [connections=32]
# Environment: LINLI_BIN (build/linli), WRK_THREADS (1), BENCH_OWNERS (10000), BENCH_BALLOTS (8000),
#   BENCH_VOTES (40: votes the casting rounds fill, N pairs each; a round of 10 s at 5,000 req/s takes 50,000).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"; rounds="${2:-3}"; conns="${3:-32}"
threads="${WRK_THREADS:-1}"
bin="${LINLI_BIN:-build/linli}"
owners="${BENCH_OWNERS:-10000}"; ballots="${BENCH_BALLOTS:-8000}"; votes="${BENCH_VOTES:-40}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
[[ -x "$bin" ]] || { echo "$bin is missing: build linli"; exit 1; }

tmp="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$bin" admin create --db "sqlite:$tmp/votes.db" --phone 13800000000 --password Bench12345 >/dev/null
"$bin" serve --db "sqlite:$tmp/votes.db" --port "$port" --test-clock > "$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "server did not start:"; cat "$tmp/server.log"; exit 1; }

# Set-up through the API; prints key=value lines.
python3 - "$port" "$owners" "$ballots" "$votes" > "$tmp/setup.out" <<'PY'
import http.client, json, sys, time
port, owners, ballots, votes = (int(x) for x in sys.argv[1:5])
c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
def call(method, path, body=None, token=None, ctype="application/json"):
    h = {"Content-Type": ctype}
    if token: h["Authorization"] = "Bearer " + token
    data = None if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
    c.request(method, path, body=data, headers=h)
    r = c.getresponse(); raw = r.read()
    out = json.loads(raw) if raw else None
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {raw[:300]!r}")
    return out
def login():
    return call("POST", "/api/v1/auth/login", {"phone": "13800000000", "password": "Bench12345"})["token"]
call("POST", "/api/v1/test/clock", {"now": "2026-12-01T10:00:00+08:00"})
tok = login()
parent = None
for kind, name in (("district", "基准区"), ("street", "基准街道"), ("community", "基准社区"), ("estate", "基准小区")):
    body = {"kind": kind, "name": name}
    if parent: body["parent_id"] = parent
    parent = call("POST", "/api/v1/units", body, tok)["id"]
estate = parent
rows = ["building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered"]
for i in range(owners):
    b, rest = divmod(i, 200)
    floor, room = divmod(rest, 4)
    area = 6000 + (i * 7919) % 9000  # 60.00 .. 149.99 m²
    rows.append(f"{b + 1}栋,1单元,{floor + 1},{floor + 1}0{room + 1},{area // 100}.{area % 100:02d},"
                f"registry,业主{i + 1},139{i + 1:08d},person,yes")
call("POST", f"/api/v1/estates/{estate}/households:import", "\n".join(rows) + "\n", tok,
     "text/csv; charset=utf-8")
ids = []
for k in range(votes + 1):
    ids.append(call("POST", f"/api/v1/estates/{estate}/votes",
                    {"title": f"基准表决 {k + 1}", "matter": 4,
                     "opens_at": "2026-12-17T00:00:00+08:00", "closes_at": "2026-12-31T20:00:00+08:00"},
                    tok)["id"])
roll = call("GET", f"/api/v1/votes/{ids[0]}/roll", None, tok)
owner_ids = sorted(e["owner_id"] for e in roll["entries"])
assert owner_ids == list(range(owner_ids[0], owner_ids[0] + owners)), "owner ids are not contiguous"
call("POST", "/api/v1/test/clock", {"now": "2026-12-18T09:00:00+08:00"})
tok = login()
t = time.perf_counter()
for i in range(ballots):
    call("POST", f"/api/v1/votes/{ids[0]}/ballots",
         {"owner_id": owner_ids[i], "choice": ("agree", "agree", "disagree", "abstain")[i % 4],
          "channel": "paper", "evidence": f"纸质票 {i + 1}"}, tok)
cast_ms = (time.perf_counter() - t) / ballots * 1000
t = time.perf_counter()
res = call("POST", f"/api/v1/votes/{ids[0]}/close", None, tok)
close_ms = (time.perf_counter() - t) * 1000
call("POST", f"/api/v1/votes/{ids[0]}/publish", None, tok)
assert len(res["participants"]) == ballots
print(f"token={tok}\nresult_vote={ids[0]}\nvote_first={ids[1]}\nvote_last={ids[-1]}")
print(f"owner_first={owner_ids[0]}\nowner_last={owner_ids[-1]}")
print(f"sequential_cast_ms={cast_ms:.3f}\nclose_ms={close_ms:.1f}")
print(f"outcome={res['outcome']} participation={res['participation']['area']}/{res['total']['area']}"
      f" heads={res['participation']['heads']}/{res['total']['heads']}")
PY
val() { sed -nE "s/^$1=(.*)/\1/p" "$tmp/setup.out"; }
echo "set up: $owners owners, $ballots ballots in vote $(val result_vote): $(grep '^outcome' "$tmp/setup.out");" \
     "one ballot at a time $(val sequential_cast_ms) ms; close (tally) $(val close_ms) ms" >&2
base="http://127.0.0.1:$port"
curl -sf "$base/api/v1/votes/$(val result_vote)/result" > "$tmp/result.json"
echo "published result: $(wc -c < "$tmp/result.json") bytes" >&2

rps() { sed -nE 's/^Requests\/sec: *([0-9.]+).*/\1/p'; }
count() { sed -nE 's/^ *([0-9]+) requests in .*/\1/p'; }
p99() { sed -nE 's/^ *99% +([0-9.]+[a-z]+).*/\1/p'; }
bad() { sed -nE 's/^ *Non-2xx or 3xx responses: *([0-9]+).*/\1/p'; }
hz="$(getconf CLK_TCK)"
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
settle() {
  local a b
  for _ in $(seq 120); do
    a="$(ticks)"; sleep 0.5; b="$(ticks)"
    (( (b - a) * 100 <= hz * 5 / 2 )) && return 0
  done
}
# run LABEL [VAR=value...] -- WRK-ARGS: prints "req/s p99 server-CPU-us-per-request requests".
run() {
  local label="$1"; shift
  local envs=()
  while [[ "$1" != "--" ]]; do envs+=("$1"); shift; done
  shift
  settle
  local t0; t0="$(ticks)"
  local out; out="$(env "${envs[@]}" wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" 2>&1)" ||
    { echo "$label: wrk failed: $out" >&2; exit 1; }
  local t1; t1="$(ticks)"
  local b; b="$(bad <<<"$out")"
  [[ -z "$b" ]] || { echo "$label: $b answers were not 2xx" >&2; echo "$out" >&2; exit 1; }
  local n; n="$(count <<<"$out")"
  echo "$(rps <<<"$out") $(p99 <<<"$out") $(( (t1 - t0) * 1000000 / hz / (n > 0 ? n : 1) )) $n"
}
declare -a H R C CH CR CC
offset=0
for r in $(seq "$rounds"); do
  read -r a pa ca _ <<<"$(run healthz -- "$base/healthz")"; H+=("$a"); CH+=("$ca")
  read -r b pb cb _ <<<"$(run result -- "$base/api/v1/votes/$(val result_vote)/result")"; R+=("$b"); CR+=("$cb")
  read -r c pc cc n <<<"$(run cast LINLI_TOKEN="$(val token)" LINLI_VOTE_FIRST="$(val vote_first)" \
    LINLI_VOTE_LAST="$(val vote_last)" LINLI_OWNER_FIRST="$(val owner_first)" \
    LINLI_OWNER_LAST="$(val owner_last)" LINLI_OFFSET="$offset" -- -s bench/wrk/ballot_cast.lua "$base/")"
  [[ -n "$c" ]] || { echo "casting failed (out of (vote, owner) pairs? raise BENCH_VOTES)" >&2; exit 1; }
  C+=("$c"); CC+=("$cc"); offset=$(( offset + n + conns ))
  echo "round $r: healthz $a req/s (p99 $pa, ${ca} us CPU), result $b (p99 $pb, ${cb} us CPU)," \
       "cast $c (p99 $pc, ${cc} us CPU)" >&2
done
rss="$(awk '/VmRSS/{printf "%.1f", $2/1024}' "/proc/$pid/status")"
python3 - "${H[*]}" "${R[*]}" "${C[*]}" "${CH[*]}" "${CR[*]}" "${CC[*]}" "$rss" "$(val close_ms)" <<'PY'
import statistics as st, sys
f = lambda i: [float(x) for x in sys.argv[i].split()]
H, R, C, CH, CR, CC = (st.median(f(i)) for i in range(1, 7))
print(f"healthz: {H:.0f} req/s ({CH:.0f} us CPU each)")
print(f"published result (10,000 owners, 8,000 ballots): {R:.0f} req/s ({CR:.0f} us CPU each);"
      f" costs {H/R:.1f} healthz (target <= 20); by CPU {CR/max(CH,1):.1f}")
print(f"casting a ballot: {C:.0f} req/s ({CC:.0f} us CPU each); ratio {C/H:.2f} (target >= 0.15)")
print(f"close (the tally of 8,000 ballots, once): {float(sys.argv[8]):.0f} ms; server RSS {sys.argv[7]} MiB")
PY
