#!/usr/bin/env bash
# One command to run Linli on a fresh Debian 12 machine: installs what is missing, builds,
# creates var/linli.db with the demo data and an administrator, and serves the API and the
# console on http://127.0.0.1:8080 (PORT=... to change it). Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh -DLINLI_BUILD_TESTS=OFF
mkdir -p var
DB="sqlite:var/linli.db"
PORT="${PORT:-8080}"
./build/linli migrate --db "$DB"
./build/linli demo --db "$DB"
./build/linli admin create --db "$DB" --phone 13800000000 --password Admin12345 --name 演示管理员
cat <<TXT

Linli is starting on http://127.0.0.1:${PORT}/
  staff console: log in as 13800000000 / Admin12345 (administrator)
  demo accounts (password Demo12345): listed above and in README.md, "Logging in"
TXT
exec ./build/linli serve --db "$DB" --port "$PORT" --web web/dist
