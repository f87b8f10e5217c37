#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback for the store tests, and print
# the URL to use as PMDASH_TEST_POSTGRES_URL. Needs Debian's `postgresql` package.
#
#   export PMDASH_TEST_POSTGRES_URL="$(scripts/ci_postgres.sh start)"
#   python -m pytest tests/test_scenario_store.py -m postgres
#   scripts/ci_postgres.sh stop
#
# The cluster lives in a temporary folder (its path is kept in $STATE) and runs as
# the unprivileged user `postgres` when this script runs as root, since PostgreSQL
# refuses to run as root. All messages go to stderr; stdout is only the URL.
set -euo pipefail

STATE="${PMDASH_PG_STATE:-/tmp/pmdash-ci-postgres.state}"
DATABASE="${PMDASH_PG_DATABASE:-pmdash_test}"

bin_dir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
    done
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
    echo "ci_postgres: initdb not found; apt-get install postgresql" >&2
    return 1
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bin port dir
    bin="$(bin_dir)"
    OWNER="$(id -un)"
    if [ "$(id -u)" -eq 0 ]; then
        OWNER=postgres
        id -u "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$OWNER"
    fi
    dir="$(mktemp -d /tmp/pmdash-pg.XXXXXX)"
    chown "$OWNER" "$dir"
    port="$(free_port)"
    as_owner "$bin/initdb" -D "$dir/data" -U "$OWNER" --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$OWNER" "$DATABASE"
    printf 'DIR=%s\nBIN=%s\nOWNER=%s\n' "$dir" "$bin" "$OWNER" >"$STATE"
    echo "ci_postgres: PostgreSQL running on 127.0.0.1:$port (data in $dir)" >&2
    echo "postgresql+psycopg2://$OWNER@127.0.0.1:$port/$DATABASE"
}

stop() {
    [ -f "$STATE" ] || { echo "ci_postgres: nothing to stop" >&2; return 0; }
    # shellcheck disable=SC1090
    . "$STATE"
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
    rm -rf "$DIR" "$STATE"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
