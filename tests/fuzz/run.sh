#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 16, AddressSanitizer + UndefinedBehaviorSanitizer) in build-fuzz/ and runs each
# from its committed seed corpus for a bounded time; fails on the first crash, leak, timeout or broken promise.
#   tests/fuzz/run.sh                       every target, KESU_FUZZ_SECONDS (default 12) each
#   tests/fuzz/run.sh router search_query   only these
# A longer campaign (corpus kept in build-fuzz/corpus/<target>, grown across runs; crashes saved there too):
#   KESU_FUZZ_SECONDS=3600 KESU_FUZZ_JOBS=2 tests/fuzz/run.sh router
# Replay a crash: build-fuzz/tests/fuzz/fuzz_<target> <crash file>. Keep it as a seed in seeds/<target>/ with a unit
# test beside the code it broke (docs/security.md §15).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=${KESU_FUZZ_SECONDS:-12}
jobs=${KESU_FUZZ_JOBS:-1}
# libFuzzer's seed for its mutations: 0 (the default) draws a new one each run; scripts/test.sh fixes one so that a
# run in CI explores what the same run did here, and a failure there is one a developer can repeat.
fuzz_seed=${KESU_FUZZ_SEED:-0}
all_targets=(http_target json_fields router search_query ics_holidays holiday_json mail_parser)
targets=("$@")
(( ${#targets[@]} > 0 )) || targets=("${all_targets[@]}")

compiler=$(command -v clang++-16 || true)
if [[ -z "$compiler" ]]; then
  echo "kesu fuzz: clang++-16 is missing (scripts/install-deps.sh --test installs clang-16 and libclang-rt-16-dev)" >&2
  exit 1
fi
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_C_COMPILER=clang-16 -DKESU_FUZZ=ON -DKESU_WERROR=ON \
  -DKESU_BUILD_TESTS=OFF -DKESU_BUILD_BENCH=OFF >/dev/null
ninja -C build-fuzz $(printf 'fuzz_%s ' "${targets[@]}")

symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1${symbolizer:+:external_symbolizer_path=$symbolizer}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${symbolizer:+:external_symbolizer_path=$symbolizer}"
# The router target keeps its database and web root under TMPDIR: inside build-fuzz, emptied on every run.
export TMPDIR="$root/build-fuzz/tmp"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
failed=()
for target in "${targets[@]}"; do
  seeds="$root/tests/fuzz/seeds/$target"
  [[ "$target" == mail_parser ]] && seeds="$root/tests/channels/fuzz_seeds"
  corpus="$root/build-fuzz/corpus/$target"
  mkdir -p "$corpus"
  started=$(date +%s)
  # New inputs go to the corpus in build-fuzz (never into the committed seeds); crashes are written there too.
  parallel=()
  (( jobs > 1 )) && parallel=(-jobs="$jobs" -workers="$jobs")
  if (cd "$corpus" && "$root/build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 -seed="$fuzz_seed" "${parallel[@]}" \
        -artifact_prefix="$corpus/" "$corpus" "$seeds" >"$corpus.log" 2>&1); then
    echo "fuzz_$target: ok in $(( $(date +%s) - started ))s, $(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$corpus.log" | awk '{s += $2} END {print s + 0}') runs"
  else
    echo "fuzz_$target: FAILED (log: $corpus.log)" >&2
    grep -E "broken promise|ERROR:|SUMMARY:|Test unit written|^500 for" "$corpus.log" | head -20 >&2 || true
    failed+=("$target")
  fi
done
if (( ${#failed[@]} > 0 )); then
  echo "kesu fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
