#!/usr/bin/env bash
# Builds the server (build/linli, tests, benchmarks) and the web console (web/dist).
# Usage: scripts/build.sh [extra cmake -D options...]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" > build.cmake.log 2>&1 || { cat build.cmake.log; exit 1; }
rm -f build.cmake.log
cmake --build build -j"$jobs"
if [ ! -d web/node_modules ]; then (cd web && npm ci --no-audit --no-fund); fi
(cd web && npm run build --silent)
