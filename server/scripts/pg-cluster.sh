#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: `start` (idempotent)
# prints the connection URL; `stop` is safe when nothing runs.
#   CALLDESK_PG_DIR  where the cluster lives (default /tmp/calldesk-pg)
#   CALLDESK_PG_PORT loopback port (default 55432)
set -euo pipefail
cmd="${1:-start}"
dir="${CALLDESK_PG_DIR:-/tmp/calldesk-pg}"
port="${CALLDESK_PG_PORT:-55432}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "pg-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 2
fi
# PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
if [ "$(id -u)" = 0 ]; then
  as() { runuser -u postgres -- "$@"; }
  owner=postgres
else
  as() { "$@"; }
  owner="$(id -un)"
fi
url="postgres://$owner@127.0.0.1:$port/postgres"

case "$cmd" in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      rm -rf "$dir"
      mkdir -p "$dir"
      [ "$owner" = postgres ] && chown postgres:postgres "$dir"
      # trust on loopback only: a throwaway cluster with no data worth a password.
      as "$bin/initdb" -D "$dir/data" -U "$owner" --auth=trust -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300" start >/dev/null ||
        { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    echo "$url"
    ;;
  stop)
    if [ -f "$dir/data/PG_VERSION" ] && as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
  url) echo "$url" ;;
  *) echo "usage: pg-cluster.sh start|stop|url" >&2; exit 2 ;;
esac
