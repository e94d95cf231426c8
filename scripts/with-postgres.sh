#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster:
#   bash scripts/with-postgres.sh bash -c 'cd build && ctest --output-on-failure -L db'
# Creates a cluster in a fresh directory under /tmp, listening on 127.0.0.1 on a free port (socket in the same
# directory), exports KESU_TEST_PG_URL=postgres://postgres@127.0.0.1:PORT/postgres (and KESU_TEST_PG_DATA, the
# cluster directory), runs the command, stops and
# removes the cluster whatever happens, and exits with the command's exit code.
# As root, initdb and pg_ctl run as the postgres user (they refuse root); otherwise as the caller.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi

pgbin=${KESU_PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x $pgbin/initdb ]]; then
  echo "with-postgres: $pgbin/initdb not found (apt-get install postgresql-15)" >&2
  exit 2
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

dir=$(mktemp -d /tmp/kesu-pg.XXXXXX)
chmod 755 "$dir"
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"

started=0
cleanup() {
  if [[ $started -eq 1 ]]; then
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_owner "$pgbin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }

# Ports below the kernel's ephemeral range, so a client's connection cannot take the port before the server binds it
# (or while a test restarts the server).
source "$(dirname "$0")/free-port.sh"
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  port=$(free_ports 1)
  if as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=400 -c shared_buffers=128MB" \
      start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [[ $started -ne 1 ]]; then
  echo "with-postgres: the cluster did not start" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi

export KESU_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
export KESU_TEST_PG_DATA="$dir/data"  # for tests that restart the server (pg_ctl -D … restart, as its owner)
echo "with-postgres: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on $KESU_TEST_PG_URL" >&2
set +e
"$@"
status=$?
set -e
exit $status
