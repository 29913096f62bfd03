#!/bin/sh
# Prints deploy/nginx/openvoiceos.conf with its example addresses replaced, so that a deployment
# runs the shipped file and nothing else (scripts/cluster.sh and docker-compose.yml use this).
#   deploy/nginx/render.sh LISTEN API_NODES ENGINE_NODES [CONF]
#   LISTEN        what nginx listens on: a port (8080) or address:port (127.0.0.1:8080)
#   API_NODES     host:port of every api node, comma-separated (api-1:8000,api-2:8000)
#   ENGINE_NODES  host:port of every engine node, comma-separated
#   CONF          the file to rewrite (default: openvoiceos.conf next to this script)
# POSIX sh and sed only: it also runs in a minimal nginx image.
set -eu
[ $# -ge 3 ] || { echo "usage: render.sh LISTEN API_NODES ENGINE_NODES [CONF]" >&2; exit 2; }
listen=$1
api=$2
engine=$3
conf=${4:-$(dirname "$0")/openvoiceos.conf}

# One `server` line per node, with the options of the shipped example line.
servers() {
  printf '%s\n' "$1" | tr ',' '\n' | sed '/^$/d' |
    while read -r node; do printf '    server %s max_fails=3 fail_timeout=10s;\\n' "$node"; done
}
api_lines=$(servers "$api")
engine_lines=$(servers "$engine")
[ -n "$api_lines" ] && [ -n "$engine_lines" ] || { echo "render.sh: no nodes given" >&2; exit 2; }

grep -q '^    server 127.0.0.1:8001 ' "$conf" && grep -q '^    server 127.0.0.1:8002 ' "$conf" &&
  grep -q '^    listen 8080;' "$conf" ||
  { echo "render.sh: $conf no longer has the example addresses" >&2; exit 1; }

sed -e "s|^    server 127.0.0.1:8001 .*\$|${api_lines%\\n}|" \
    -e "s|^    server 127.0.0.1:8002 .*\$|${engine_lines%\\n}|" \
    -e "s|^    listen 8080;|    listen ${listen};|" "$conf"
