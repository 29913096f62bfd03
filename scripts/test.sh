#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the `ci` preset (warnings as errors,
# ASan + UBSan) and the dashboard (scripts/ui.sh check: ESLint, TypeScript check, build), runs
# the libFuzzer targets for a bounded time (OVOS_FUZZ_SECONDS each, default 20), starts
# throw-away PostgreSQL and Redis servers on loopback ports, runs ctest (on SQLite and
# PostgreSQL; the dashboard's browser tests in headless Chromium among them), and stops the
# servers. Exit status 0 only when everything passed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test

# The dashboard first: ESLint, the TypeScript check and the build into ui/out (before CMake, so
# CMake finds the Node.js it set up).
scripts/ui.sh check

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
cmake --preset ci >/dev/null
cmake --build --preset ci -- -j "$(nproc)"
# Here the dashboard's browser tests must run: a missing prerequisite fails them, not skips.
export OVOS_UI_E2E_REQUIRED=1

scripts/fuzz.sh "${OVOS_FUZZ_SECONDS:-20}"

eval "$(scripts/pg-test-server.sh start)"
trap 'scripts/pg-test-server.sh stop "$OVOS_PG_DIR"' EXIT
eval "$(scripts/redis-test-server.sh start)"
trap 'scripts/pg-test-server.sh stop "$OVOS_PG_DIR"; scripts/redis-test-server.sh stop "$OVOS_REDIS_DIR"' EXIT

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --preset ci "$@"
