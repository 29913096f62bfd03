#!/usr/bin/env bash
# Runs the multi-node topology of docker-compose.yml on loopback, without Docker: a throw-away
# PostgreSQL (scripts/pg-test-server.sh), Redis (scripts/redis-test-server.sh), Debian's nginx
# with deploy/nginx/openvoiceos.conf (addresses replaced by deploy/nginx/render.sh), one api
# node (api-1) and two engine nodes (engine-1, engine-2).
#   scripts/cluster.sh start [DIR]    start everything; prints the URL (default DIR: build/cluster)
#   scripts/cluster.sh status [DIR]   what runs, /healthz through nginx, the nodes beating in Redis
#   scripts/cluster.sh stop [DIR]     stop everything it started; the logs stay in DIR/logs
# Environment: OVOS_BIN (default: the first of build/{release,ci,dev}/src/app/openvoiceos),
# OVOS_CLUSTER_PORT (nginx's port, default 8080 if free, else any free port),
# OVOS_CLUSTER_HOLD_DATA=1 keeps PostgreSQL's data on stop (default: thrown away, like the test
# servers). Other OVOS_* settings in the environment reach every node.
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
dir=${2:-$root/build/cluster}
nodes=(api-1 engine-1 engine-2)

die() { echo "cluster: $*" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

taken=" "
# Sets variable $1 to a free loopback port not handed out before by this run (the nodes bind
# theirs only later).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 20000))
    if [[ $taken != *" $port "* ]] && port_free "$port"; then
      taken+="$port "
      printf -v "$1" '%s' "$port"
      return
    fi
  done
  die "no free port"
}

alive() { local pid; pid=$(cat "$1" 2>/dev/null) && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

# HTTP status of GET $1, or 000 when nothing answers.
http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true; }

wait_healthy() {  # url, name, log, pid file
  for _ in $(seq 1 150); do
    [[ $(http_status "$1/healthz") == 200 ]] && return 0
    [[ -s "$4" ]] && ! alive "$4" && break  # it died (nginx writes its pid file late)
    sleep 0.2
  done
  tail -n 20 "$3" >&2 || true
  echo "cluster: $2 did not become healthy at $1" >&2
  return 1
}

find_binary() {
  if [[ -n "${OVOS_BIN:-}" ]]; then echo "$OVOS_BIN"; return; fi
  for preset in release ci dev; do
    local bin="$root/build/$preset/src/app/openvoiceos"
    if [[ -x "$bin" ]]; then echo "$bin"; return; fi
  done
  die "no openvoiceos binary; build one (cmake --preset release && cmake --build --preset release) or set OVOS_BIN"
}

# Waits up to $2 s for the process whose pid is in $1 (one we started) to end, then kills it.
wait_pid() {
  local pidfile=$1 grace=$2 pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 0  # nginx removes its own on exit
  for _ in $(seq 1 $((grace * 10))); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    sleep 0.1
  done
  echo "cluster: pid $pid did not stop in ${grace}s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

start_node() {  # name role port
  local name=$1 role=$2 port=$3
  (
    export OVOS_NODE_ID=$name OVOS_ROLE=$role OVOS_HOST=127.0.0.1 OVOS_PORT=$port
    export OVOS_DATA_DIR=$dir/data OVOS_LOG_FORMAT=${OVOS_LOG_FORMAT:-json}
    export OVOS_TRUST_PROXY=true OVOS_PUBLIC_BASE_URL=$url
    export OVOS_SHUTDOWN_GRACE_SECONDS=${OVOS_SHUTDOWN_GRACE_SECONDS:-5}
    export DATABASE_URL=$database_url OVOS_REDIS_URL=$redis_url
    export OVOS_JWT_SECRET=$jwt_secret OVOS_MASTER_KEY=$master_key
    [[ -n "${OVOS_UI_DIR:-}" ]] || export OVOS_UI_DIR=$root/ui/out
    exec setsid "$bin" serve </dev/null >>"$dir/logs/$name.log" 2>&1
  ) &
  echo $! >"$dir/run/$name.pid"
}

write_nginx_conf() {  # listen api_nodes engine_nodes
  local prefix=$dir/nginx
  mkdir -p "$prefix/logs"  # nginx opens $prefix/logs/error.log before it reads its config
  "$root/deploy/nginx/render.sh" "$1" "$2" "$3" >"$prefix/site.conf"
  {
    # As root nginx's workers would run as nobody, who may not enter DIR: keep them as we are.
    [[ $(id -u) -eq 0 ]] && echo "user root;"
    echo "worker_processes 1;"
    echo "error_log $dir/logs/nginx-error.log info;"
    echo "pid $dir/run/nginx.pid;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log $dir/logs/nginx-access.log;"
    for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $prefix/$t;"; done
    echo "  include $prefix/site.conf;"
    echo "}"
  } >"$prefix/nginx.conf"
}

start() {
  [[ -f "$dir/cluster.env" ]] && die "already started in $dir (scripts/cluster.sh stop $dir)"
  # Whatever fails from here on, what was started is stopped again.
  trap 'echo "cluster: start failed; stopping what was started" >&2; trap - ERR; stop; exit 1' ERR
  command -v curl >/dev/null || die "install curl"
  [[ -x /usr/sbin/nginx ]] || die "install nginx-light (Debian's nginx)"
  bin=$(find_binary)
  mkdir -p "$dir/logs" "$dir/run" "$dir/data"
  dir=$(cd "$dir" && pwd)

  local port=${OVOS_CLUSTER_PORT:-}
  if [[ -z "$port" ]]; then
    if port_free 8080; then port=8080; else free_port port; fi
  fi
  port_free "$port" || die "port $port is taken"
  url=http://127.0.0.1:$port

  # Everything stop needs is written before anything starts, so a failed start can be undone.
  local pg redis
  pg=$("$root/scripts/pg-test-server.sh" start)
  eval "$pg"
  echo "OVOS_PG_DIR=$OVOS_PG_DIR" >"$dir/cluster.env"
  redis=$("$root/scripts/redis-test-server.sh" start)
  eval "$redis"
  database_url=$OVOS_TEST_PG_URL
  redis_url=$OVOS_TEST_REDIS_URL
  jwt_secret=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
  master_key=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
  {
    echo "OVOS_PG_DIR=$OVOS_PG_DIR"
    echo "OVOS_REDIS_DIR=$OVOS_REDIS_DIR"
    echo "URL=$url"
    echo "DATABASE_URL=$database_url"
    echo "OVOS_REDIS_URL=$redis_url"
    echo "OVOS_BIN=$bin"
  } >"$dir/cluster.env"
  chmod 600 "$dir/cluster.env"

  local api_port engine_ports=() engine_nodes=""
  free_port api_port
  # The api node first: it applies the migrations before the engine nodes open the database.
  start_node api-1 api "$api_port"
  wait_healthy "http://127.0.0.1:$api_port" api-1 "$dir/logs/api-1.log" "$dir/run/api-1.pid"
  for name in engine-1 engine-2; do
    local p
    free_port p
    engine_ports+=("$p")
    start_node "$name" engine "$p"
    engine_nodes+="${engine_nodes:+,}127.0.0.1:$p"
  done
  for i in 0 1; do
    wait_healthy "http://127.0.0.1:${engine_ports[$i]}" "engine-$((i + 1))" \
      "$dir/logs/engine-$((i + 1)).log" "$dir/run/engine-$((i + 1)).pid"
  done

  write_nginx_conf "127.0.0.1:$port" "127.0.0.1:$api_port" "$engine_nodes"
  /usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" >>"$dir/logs/nginx-error.log" 2>&1
  wait_healthy "$url" nginx "$dir/logs/nginx-error.log" "$dir/run/nginx.pid"

  {
    echo "api-1=http://127.0.0.1:$api_port"
    echo "engine-1=http://127.0.0.1:${engine_ports[0]}"
    echo "engine-2=http://127.0.0.1:${engine_ports[1]}"
  } >>"$dir/cluster.env"
  trap - ERR
  echo "cluster: api-1 (api), engine-1 and engine-2 (engine) behind nginx; logs in $dir/logs" >&2
  echo "$url"
}

stop() {
  [[ -d "$dir" ]] || return 0
  # nginx first (no new requests), then every node drains at once.
  kill -QUIT "$(cat "$dir/run/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  wait_pid "$dir/run/nginx.pid" 5
  for name in "${nodes[@]}"; do
    kill -TERM "$(cat "$dir/run/$name.pid" 2>/dev/null)" 2>/dev/null || true
  done
  local grace=$((${OVOS_SHUTDOWN_GRACE_SECONDS:-5} + 10))
  for name in "${nodes[@]}"; do wait_pid "$dir/run/$name.pid" "$grace"; done
  if [[ -f "$dir/cluster.env" ]]; then
    local pg_dir redis_dir
    pg_dir=$(sed -n 's/^OVOS_PG_DIR=//p' "$dir/cluster.env")
    redis_dir=$(sed -n 's/^OVOS_REDIS_DIR=//p' "$dir/cluster.env")
    [[ -n "$redis_dir" ]] && "$root/scripts/redis-test-server.sh" stop "$redis_dir"
    [[ -n "$pg_dir" ]] && "$root/scripts/pg-test-server.sh" stop "$pg_dir"
    rm -f "$dir/cluster.env"
  fi
  rm -rf "$dir/data" "$dir/nginx"
}

status() {
  [[ -f "$dir/cluster.env" ]] || { echo "cluster: not started in $dir"; return 3; }
  local url bad=0
  url=$(sed -n 's/^URL=//p' "$dir/cluster.env")
  for name in "${nodes[@]}" nginx; do
    if alive "$dir/run/$name.pid"; then
      echo "$name: running (pid $(cat "$dir/run/$name.pid"))"
    else
      echo "$name: not running"
      bad=1
    fi
  done
  local health
  health=$(http_status "$url/healthz")
  echo "$url/healthz: $health"
  [[ $health == 200 ]] || bad=1
  # The nodes beating in Redis, as they announce themselves (openvoiceos nodes).
  echo "nodes in Redis:"
  OVOS_REDIS_URL=$(sed -n 's/^OVOS_REDIS_URL=//p' "$dir/cluster.env") \
    "$(sed -n 's/^OVOS_BIN=//p' "$dir/cluster.env")" nodes || bad=1
  return $bad
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh start|stop|status [DIR]" >&2; exit 2 ;;
esac
