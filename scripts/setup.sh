#!/usr/bin/env bash
# Installs everything Linli needs on a fresh Debian 12 machine (run as root, or with sudo present).
# Safe to run again: apt and npm skip what is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

pkgs=(
  build-essential cmake pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libexpected-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  chromium fonts-noto-cjk wrk curl
  clang libclang-rt-14-dev clang-format
  libcairo2-dev libpango1.0-dev poppler-utils
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js: keep whatever node/npm the machine has (an image may ship a newer one that conflicts
# with Debian's npm package); otherwise take Debian's.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The web front end: dependencies from the lockfile, then a production build served by the server.
if [ -f "$here/web/package-lock.json" ]; then
  (cd "$here/web" && { [ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund; })
fi
