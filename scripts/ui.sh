#!/usr/bin/env bash
# Builds the dashboard (ui/, Next.js) into ui/out, the static files the server serves
# (OVOS_UI_DIR). Node.js is needed to build it, never to run it.
#   scripts/ui.sh build    install the UI's npm packages (exact versions from the lockfile) and build
#   scripts/ui.sh check    the same, plus ESLint, the TypeScript check, the unit tests (ui/unit) and
#                          the component tests (ui/unit/components, vitest in jsdom)
# Node.js >= 20.9 with npm is used when present. Otherwise Debian's nodejs and npm are installed
# and, as Debian 12's Node.js is 18, the Node.js 20 binary package from the npm registry
# (node-linux-<arch>) with npm 10 is put under build/node/. Nothing is downloaded from anywhere
# but Debian's archive and the npm registry; the build itself runs offline (no remote fonts).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mode="${1:-build}"

export NEXT_TELEMETRY_DISABLED=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

node_ok() {
  command -v node >/dev/null && command -v npm >/dev/null &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=9)?0:1)'
}

ensure_node() {
  if [[ -x "$root/build/node/bin/node" ]]; then export PATH="$root/build/node/bin:$PATH"; fi
  node_ok && return
  if ! command -v npm >/dev/null; then
    echo "ui: installing Debian's nodejs and npm" >&2
    local sudo_cmd=()
    [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  node_ok && return
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "ui: no Node.js >= 20.9 for $(uname -m); install one" >&2; exit 1 ;;
  esac
  echo "ui: Node.js $(node --version 2>/dev/null || echo none) is too old for Next.js; fetching Node.js 20 from the npm registry" >&2
  mkdir -p build/node/bin
  npm install --prefix build/node --no-save --no-package-lock "node-linux-$arch@20.20.2" npm@10.9.4 >&2
  ln -sf ../node_modules/node-linux-$arch/bin/node build/node/bin/node
  printf '#!/bin/sh\nexec "%s/build/node/bin/node" "%s/build/node/node_modules/npm/bin/npm-cli.js" "$@"\n' \
    "$root" "$root" > build/node/bin/npm
  chmod +x build/node/bin/npm
  export PATH="$root/build/node/bin:$PATH"
  node_ok || { echo "ui: could not set up Node.js >= 20.9" >&2; exit 1; }
}

ensure_node
cd ui
# `npm install --no-save` with the committed lockfile installs exactly the versions it pins and
# never rewrites the lockfile. (`npm ci` refuses this lockfile: the registry lacks some other
# platforms' optional binaries, e.g. @tailwindcss/oxide-darwin-arm64@4.3.5, so npm leaves them
# out of the lockfile and ci calls it out of sync.)
npm install --no-save --no-audit --no-fund --loglevel=error
if [[ "$mode" == "check" ]]; then
  npm run --silent lint
  npm run --silent test:unit
  npm run --silent test:components
fi
npm run --silent build
if [[ "$mode" == "check" ]]; then
  npx --no-install tsc --noEmit
fi
echo "ui: built ui/out" >&2
