#!/usr/bin/env bash
# Builds OpenVoiceOS (release) and its dashboard (ui/out), and runs it on http://127.0.0.1:8000
# with SQLite under ./data.
# Settings come from flags (passed through), the environment and .env; see .env.sample.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --preset release >/dev/null
cmake --build --preset release -- -j "$(nproc)"
scripts/ui.sh build

exec build/release/src/app/openvoiceos serve "$@"
