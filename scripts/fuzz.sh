#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time, starting
# from the seed inputs in fuzz/corpus/<target>/. Fails on the first crash, leak, timeout or trap.
#   scripts/fuzz.sh [seconds-per-target]      (default 20; scripts/test.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
targets=(agent_json jwt dotenv web_call twilio_media plivo_media exotel_media webhook_signature wav
         knowledge_text)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}" >/dev/null

for target in "${targets[@]}"; do
  corpus=$(mktemp -d /tmp/ovos-fuzz.XXXXXX)
  cp -r "fuzz/corpus/$target/." "$corpus/"
  log=build/fuzz/$target.log
  if ! "build/fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 "$corpus" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $target FAILED (reproducer saved as ./crash-*; log $log)" >&2
    rm -rf "$corpus"
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  echo "fuzz: $target ok, ${runs:-?} inputs in ${seconds} s"
  rm -rf "$corpus"
done
