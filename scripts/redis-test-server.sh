#!/usr/bin/env bash
# Starts or stops a throw-away Redis server on a loopback port for the tests.
#   eval "$(scripts/redis-test-server.sh start)"   prints export lines: OVOS_TEST_REDIS_URL,
#                                                   OVOS_REDIS_DIR
#   scripts/redis-test-server.sh stop "$OVOS_REDIS_DIR"
# Uses Debian's redis-server package, with a password (so the tests log in) and no persistence.
set -euo pipefail

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "redis-test-server: no free port" >&2; exit 1
}

case "${1:-}" in
  start)
    command -v redis-server >/dev/null || { echo "redis-test-server: install redis-server" >&2; exit 1; }
    dir=$(mktemp -d /tmp/ovos-redis.XXXXXX)
    port=$(free_port)
    password=$(head -c 18 /dev/urandom | base64 | tr '+/' 'AB')
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
      --requirepass "$password" >/dev/null
    for _ in $(seq 1 50); do
      [[ -s "$dir/redis.pid" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      sleep 0.1
    done
    [[ -s "$dir/redis.pid" ]] || { cat "$dir/redis.log" >&2; exit 1; }
    echo "export OVOS_REDIS_DIR=$dir"
    echo "export OVOS_TEST_REDIS_URL=redis://:$password@127.0.0.1:$port"
    ;;
  stop)
    dir=${2:?usage: redis-test-server.sh stop DIR}
    if [[ -s "$dir/redis.pid" ]]; then
      pid=$(cat "$dir/redis.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: redis-test-server.sh start | stop DIR" >&2; exit 2 ;;
esac
