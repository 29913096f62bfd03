#!/usr/bin/env bash
# Installs the Debian 12 packages OpenVoiceOS needs to build, run and test. Idempotent: it asks
# dpkg what is already there and calls apt-get only for what is missing.
#   scripts/install-deps.sh            build + run dependencies
#   scripts/install-deps.sh --test     also the test tools and data (PostgreSQL and Redis servers, clang for the
#                                      fuzzers, clang-format, wrk, curl, recorded human speech,
#                                      Chromium and flite for the dashboard's browser tests)
# Node.js, which only builds the dashboard, is seen to by scripts/ui.sh.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config ccache git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libssl-dev
  libsqlite3-dev libpq-dev libsodium-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcurl4-openssl-dev
  libspeexdsp-dev libwebrtc-audio-processing-dev
  flite1-dev libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us
  libpoppler-cpp-dev libhnswlib-dev libhiredis-dev
)
test_packages=(postgresql redis-server nginx-light wrk curl clang-format clang libclang-rt-14-dev
               asterisk-core-sounds-en-wav asterisk-core-sounds-en
               chromium flite fonts-dejavu-core)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install packages" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
