#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL cluster:
#
#   scripts/with-postgres.sh ctest --test-dir build -R storage
#
# Creates a cluster in a temporary directory, starts it on 127.0.0.1 on a free port (trust auth,
# fsync off: test data only), creates the database `linli_test`, exports
#   LINLI_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/linli_test
# runs the command, then stops the server and deletes the cluster, whatever the outcome.
# Exits with the command's status, or non-zero with a message if PostgreSQL cannot start.
# As root, the server runs as the `postgres` user. LINLI_PG_BIN overrides the binary directory
# (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

die() {
  echo "with-postgres: $*" >&2
  exit 1
}

[ "$#" -gt 0 ] || die "usage: $0 COMMAND [ARGS...]"

bindir="${LINLI_PG_BIN:-}"
if [ -z "$bindir" ]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do bindir="$d"; done
fi
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] ||
  die "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin; set LINLI_PG_BIN)"
psql_bin="$bindir/psql"
[ -x "$psql_bin" ] || psql_bin="$(command -v psql || true)"
[ -n "$psql_bin" ] || die "psql not found"

# The server refuses to run as root: run it as `postgres` then.
as_pg=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run as"
  if command -v runuser >/dev/null 2>&1; then
    as_pg=(runuser -u postgres --)
  else
    as_pg=(su postgres -s /bin/sh -c '"$0" "$@"')
  fi
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/linli-pg.XXXXXX")"
data="$workdir/data"
log="$workdir/server.log"
started=0

cleanup() {
  local status=$?
  if [ "$started" = "1" ]; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${#as_pg[@]}" -gt 0 ]; then chown postgres: "$workdir"; fi
chmod 700 "$workdir"

locale=C
if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
if ! "${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
    --locale="$locale" --no-sync >"$workdir/initdb.log" 2>&1; then
  cat "$workdir/initdb.log" >&2
  die "initdb failed; PostgreSQL could not be set up"
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' \
    2>/dev/null || echo $((20000 + RANDOM % 20000))
}

# One line: pg_ctl hands these to a shell.
server_opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories='$workdir' -c fsync=off"
server_opts+=" -c full_page_writes=off -c max_connections=200"
# Another process may take the port between the pick and the start: try a few.
port=""
for attempt in 1 2 3 4 5; do
  try_port="$(free_port)"
  if "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 30 \
      -o "$server_opts -p $try_port" \
      start >"$workdir/pg_ctl.out" 2>&1; then
    port="$try_port"
    started=1
    break
  fi
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
done
if [ -z "$port" ]; then
  cat "$workdir/pg_ctl.out" >&2
  [ -f "$log" ] && tail -n 30 "$log" >&2
  die "PostgreSQL failed to start (output above)"
fi

if ! "$psql_bin" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c 'CREATE DATABASE linli_test' >/dev/null; then
  die "could not create database linli_test"
fi

export LINLI_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/linli_test"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on" \
  "127.0.0.1:$port, LINLI_TEST_PG_URL=$LINLI_TEST_PG_URL" >&2

# The command runs in the background so that a signal to this script is passed on at once
# (bash would otherwise wait for the command before running a trap); stdin stays attached.
set +e
"$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' INT TERM
while :; do
  wait "$child"
  status=$?
  # wait returns early (status > 128) when a trapped signal arrives: wait again for the exit.
  kill -0 "$child" 2>/dev/null || break
done
set -e
exit "$status"
