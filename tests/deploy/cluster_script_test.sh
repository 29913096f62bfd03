#!/usr/bin/env bash
# ctest cluster_script: scripts/cluster.sh starts PostgreSQL, Redis, nginx and three nodes on
# loopback; status lists the three nodes beating in Redis under their ids; through nginx
# /healthz answers, a user registers and reads their agents (api node, shared database); the
# engine nodes refuse the REST API (421); stop leaves nothing running.
#   cluster_script_test.sh BINARY SOURCE_DIR WORK_DIR
# Exit 77 (skipped) when nginx, redis-server or PostgreSQL is not installed.
set -euo pipefail
bin=$1 src=$2 work=$3
for tool in /usr/sbin/nginx redis-server pg_config curl; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed"; exit 77; }
done

rm -rf "$work"
cleanup() { "$src/scripts/cluster.sh" stop "$work" || true; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; tail -n 5 "$work"/logs/*.log >&2 || true; exit 1; }

url=$(OVOS_BIN=$bin OVOS_CLUSTER_PORT= "$src/scripts/cluster.sh" start "$work")
[[ $url == http://127.0.0.1:* ]] || fail "start printed '$url'"
status=$("$src/scripts/cluster.sh" status "$work") || fail "status after start: $status"
# Every node beats in Redis under its OVOS_NODE_ID and role (the first beat is at start).
for node in '"id":"api-1","role":"api"' '"id":"engine-1","role":"engine"' \
  '"id":"engine-2","role":"engine"'; do
  [[ $status == *"$node"* ]] || fail "status does not list $node: $status"
done

[[ $(curl -s -o /dev/null -w '%{http_code}' "$url/healthz") == 200 ]] || fail "/healthz through nginx"
body=$(curl -s -w '\n%{http_code}' -H 'Content-Type: application/json' \
  -d '{"email":"cluster@example.com","password":"correct horse battery"}' "$url/v1/auth/register")
[[ ${body##*$'\n'} == 201 ]] || fail "register through nginx: $body"
token=$(printf '%s' "$body" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[[ -n $token ]] || fail "no access token in: $body"
agents=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $token" "$url/v1/agents")
[[ ${agents##*$'\n'} == 200 && $agents == *'"items"'* ]] || fail "agents through nginx: $agents"

for node in engine-1 engine-2; do
  node_url=$(sed -n "s/^$node=//p" "$work/cluster.env")
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "$node_url/v1/agents") == 421 ]] || fail "$node served the REST API"
  grep -q '"event":"server.started"' "$work/logs/$node.log" || fail "no $node log"
done

"$src/scripts/cluster.sh" stop "$work"
trap - EXIT
if "$src/scripts/cluster.sh" status "$work"; then fail "status after stop"; fi
[[ -z $(ls -A "$work/run") ]] || fail "pid files left: $(ls "$work/run")"
echo "cluster_script: ok ($url)"
