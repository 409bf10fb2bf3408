#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the test suite and prints its URL.
# fsync is off (throwaway data); shared_buffers is sized like a server's, so a 1M-person
# bench district is read from PostgreSQL's own cache rather than through the kernel's; no
# replica follows it, so wal_level is minimal and a bulk load into tables it empties in the
# same transaction writes no WAL (the generator's 1M-person district).
# Usage: eval "$(bash tools/pg-throwaway.sh start)"   →  exports TEST_DATABASE_URL
#        bash tools/pg-throwaway.sh stop
set -euo pipefail
DIR=${GZ_PG_DIR:-/tmp/gongzhi-pg}
PORT=${GZ_PG_PORT:-54329}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_pg "$BIN/initdb -D $DIR -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    if ! as_pg "$BIN/pg_ctl -D $DIR status >/dev/null 2>&1"; then
      as_pg "$BIN/pg_ctl -D $DIR -l $DIR/server.log -w -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=1GB -c wal_level=minimal -c max_wal_senders=0' start >/dev/null"
    fi
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_pg "$BIN/pg_ctl -D $DIR -m fast stop >/dev/null" || true
    ;;
esac
