#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for vconf's PostgreSQL test suite: initdb into a temp dir, listen on a
# free local port (TCP 127.0.0.1 and a socket in the same dir), trust auth, fsync off (test data only).
#
#   scripts/pg-test-cluster.sh run CMD...   start, run CMD with VCONF_TEST_DATABASE_URL set, stop
#   eval "$(scripts/pg-test-cluster.sh start)"   prints export lines (VCONF_TEST_DATABASE_URL, PG_TEST_DIR)
#   scripts/pg-test-cluster.sh stop DIR     stops the cluster started in DIR and removes DIR
#
# PG_TEST_OPTS adds server options after these (later -c wins: the bench passes "-c fsync=on
# -c full_page_writes=on" to measure PostgreSQL's own durability).
# Needs PostgreSQL's server binaries (initdb, pg_ctl): from PATH, else /usr/lib/postgresql/<ver>/bin
# (Debian: apt-get install postgresql). Run as root it runs the cluster as the `postgres` user (created
# if missing), since PostgreSQL refuses to run as root.
set -euo pipefail

find_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then
    echo "$d"
    return
  fi
  echo "pg-test-cluster: no initdb/pg_ctl found; install PostgreSQL (Debian: apt-get install -y postgresql)" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u "$PG_OS_USER" -- "$@"
    else su -s /bin/sh "$PG_OS_USER" -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local bindir dir port
  bindir=$(find_bindir)
  PG_OS_USER=postgres
  if [ "$(id -u)" = 0 ] && ! id "$PG_OS_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/vconf-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300 ${PG_TEST_OPTS:-}" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "$bindir" >"$dir/bindir"
  echo "$PG_OS_USER" >"$dir/osuser"
  echo "export VCONF_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export PG_TEST_DIR=$dir"
}

stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  PG_OS_USER=$(cat "$dir/osuser" 2>/dev/null || echo postgres)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?usage: pg-test-cluster.sh stop DIR}" ;;
  run)
    shift
    eval "$(start)"
    trap 'stop "$PG_TEST_DIR"' EXIT
    VCONF_TEST_STORE=postgres "$@"
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
