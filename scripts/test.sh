#!/usr/bin/env bash
# Runs every test of Linli on a fresh Debian 12 machine: installs what is missing, builds,
# then runs the C++ tests (unit, storage on SQLite AND on a real PostgreSQL server started here,
# integration against the real server), the web unit tests, and the browser tests in Chromium.
# Ends with one line "linli: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bash scripts/setup.sh || { echo "linli: setup failed"; exit 1; }
bash scripts/build.sh || { echo "linli: build failed"; exit 1; }

passed=0
failed=0
logs="$(mktemp -d)"
note() { echo; echo "=== $* ==="; }

note "C++ formatting (clang-format, .clang-format)"
if git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror > "$logs/format.log" 2>&1; then
  echo "format: every C++ file is formatted"
  passed=$((passed + 1))
else
  head -40 "$logs/format.log"
  echo "format: run 'git ls-files \"*.cpp\" \"*.hpp\" | xargs clang-format -i' and commit"
  failed=$((failed + 1))
fi

note "C++ tests (ctest) on SQLite and PostgreSQL"
bash scripts/with-postgres.sh ctest --test-dir build --output-on-failure -j2 --timeout 300 2>&1 | tee "$logs/ctest.log"
line="$(grep -E 'tests passed, [0-9]+ tests failed out of' "$logs/ctest.log" | tail -1)"
total="$(sed -nE 's/.*out of ([0-9]+).*/\1/p' <<<"$line")"
bad="$(sed -nE 's/.*tests passed, ([0-9]+) tests failed.*/\1/p' <<<"$line")"
if [ -z "$total" ]; then failed=$((failed + 1)); else passed=$((passed + total - bad)); failed=$((failed + bad)); fi
skipped="$(grep -c '(Skipped)' "$logs/ctest.log" || true)"
if [ "${skipped:-0}" -gt 0 ]; then
  # Every test must run here: a skip means PostgreSQL did not, and that is a failure.
  echo "ctest: $skipped tests were skipped (PostgreSQL not reached?): counted as failed"
  failed=$((failed + skipped))
  passed=$((passed - skipped))
fi

note "fuzzing the household CSV parser (libFuzzer + ASan/UBSan, ${LINLI_FUZZ_SECONDS:-30} s)"
if CC=clang CXX=clang++ cmake -S . -B build-fuzz -DLINLI_FUZZ=ON -DLINLI_BUILD_TESTS=OFF \
     -DLINLI_BUILD_BENCH=OFF > "$logs/fuzz-build.log" 2>&1 &&
   cmake --build build-fuzz -j2 --target household_import_fuzz >> "$logs/fuzz-build.log" 2>&1 &&
   ./build-fuzz/tests/fuzz/household_import_fuzz -max_total_time="${LINLI_FUZZ_SECONDS:-30}" \
     > "$logs/fuzz.log" 2>&1; then
  tail -1 "$logs/fuzz.log"
  echo "fuzz: household CSV parser: no crash"
  passed=$((passed + 1))
else
  tail -40 "$logs/fuzz-build.log" "$logs/fuzz.log" 2>/dev/null
  echo "fuzz: household CSV parser FAILED"
  failed=$((failed + 1))
fi

note "web unit tests (vitest)"
(cd web && NO_COLOR=1 FORCE_COLOR=0 npx vitest run 2>&1) | tee "$logs/vitest.log"
sed -i 's/\x1b\[[0-9;]*m//g' "$logs/vitest.log"
v_line="$(grep -E '^ *Tests +[0-9]' "$logs/vitest.log" | tail -1)"
v_pass="$(grep -oE '[0-9]+ passed' <<<"$v_line" | grep -oE '[0-9]+' || true)"
v_fail="$(grep -oE '[0-9]+ failed' <<<"$v_line" | grep -oE '[0-9]+' || true)"
if [ -z "$v_pass$v_fail" ]; then failed=$((failed + 1)); else passed=$((passed + ${v_pass:-0})); failed=$((failed + ${v_fail:-0})); fi

note "browser tests (playwright-core + Chromium)"
NO_COLOR=1 node --test --test-concurrency=1 tests/e2e/ 2>&1 | tee "$logs/e2e.log"
e_pass="$(sed -nE 's/^# pass ([0-9]+)/\1/p' "$logs/e2e.log" | tail -1)"
e_fail="$(sed -nE 's/^# fail ([0-9]+)/\1/p' "$logs/e2e.log" | tail -1)"
if [ -z "$e_pass" ]; then failed=$((failed + 1)); else passed=$((passed + e_pass)); failed=$((failed + ${e_fail:-0})); fi

rm -rf "$logs"
echo
echo "linli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
