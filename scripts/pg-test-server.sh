#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server on a loopback port for the tests.
#   eval "$(scripts/pg-test-server.sh start)"   prints export lines: OVOS_TEST_PG_URL, OVOS_PG_DIR
#   scripts/pg-test-server.sh stop "$OVOS_PG_DIR"
# Uses Debian's postgresql package (initdb in a temporary directory; no Docker). initdb refuses
# to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail
cd /  # the server runs as another user, who may not be able to enter the caller's directory

pgbin=$(pg_config --bindir 2>/dev/null || true)
[[ -x "$pgbin/initdb" ]] || pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pgbin/initdb" ]] || { echo "pg-test-server: initdb not found; install postgresql" >&2; exit 1; }

as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "pg-test-server: no free port" >&2; exit 1
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/ovos-pg.XXXXXX)
    chmod 755 "$dir"
    [[ ${#as_owner[@]} -gt 0 ]] && chown postgres "$dir"
    port=$(free_port)
    "${as_owner[@]}" "$pgbin/initdb" -D "$dir/data" -U ovos -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export OVOS_PG_DIR=$dir"
    echo "export OVOS_TEST_PG_URL=postgresql://ovos@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=${2:?usage: pg-test-server.sh stop DIR}
    if [[ -d "$dir/data" ]]; then
      "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-test-server.sh start | stop DIR" >&2; exit 2 ;;
esac
