#!/usr/bin/env bash
# Management API throughput: requests/s and latency percentiles of GET /v1/agents and
# POST /v1/agents at 32 concurrent connections on loopback, measured with wrk against the
# release binary on SQLite (and on PostgreSQL when BENCH_DATABASE_URL is set).
#   bench/api_bench.sh [seconds]      results are printed; docs/benchmarks.md records them
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
bin=build/release/src/app/openvoiceos
[[ -x $bin ]] || { cmake --preset release >/dev/null && cmake --build --preset release; }
command -v wrk >/dev/null || scripts/install-deps.sh --test

work=$(mktemp -d /tmp/ovos-bench.XXXXXX)
port=$((20000 + RANDOM % 20000))
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
OVOS_DATA_DIR=$work/data OVOS_PORT=$port OVOS_RATE_LIMIT_RPS=0 OVOS_LOG_LEVEL=warn \
  DATABASE_URL=${BENCH_DATABASE_URL:-} "$bin" serve >"$work/server.log" 2>&1 &
pid=$!
api=http://127.0.0.1:$port
for _ in $(seq 1 100); do curl -sf "$api/readyz" >/dev/null && break; sleep 0.1; done

token=$(curl -sf "$api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-password"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
for i in $(seq 1 20); do
  curl -sf "$api/v1/agents" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d @tests/api/data/phone_agent.json >/dev/null
done

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local f = io.open("tests/api/data/phone_agent.json", "r")
wrk.body = f:read("*a")
f:close()
LUA

echo "== GET /v1/agents (20 agents, first page) =="
wrk -t2 -c32 -d"${duration}s" --latency -H "Authorization: Bearer $token" "$api/v1/agents"
echo "== POST /v1/agents (validate + insert a 1.6 KB Bolna agent) =="
wrk -t2 -c32 -d"${duration}s" --latency -s "$work/post.lua" "$api/v1/agents"
