#!/usr/bin/env bash
# Instructions per created complaint, counted by valgrind's callgrind: a figure that, unlike a rate or a CPU
# time, does not move with the machine or its neighbours, for comparing code before and after a change.
#
#   bash bench/callgrind_create.sh [--creates N] [--preload N] [--clients N] [--build DIR] [--keep DIR] [--top N]
#
# Preloads a fresh SQLite data directory (default 20,000 complaints), starts kesu under callgrind, creates
# --creates complaints over HTTP (default 1,000, one client, so each is its own commit and the count repeats),
# waits until the search indexer has taken them in, and prints the instructions all of kesu's threads executed
# per create. Callgrind counts user-space instructions only: the kernel's share (syscalls, fsync, thread
# switches) is not in the figure; bench_api's "server CPU per create" shows it. About 1 minute per 1,000 creates.
set -euo pipefail
cd "$(dirname "$0")/.."

creates=1000 preload=20000 clients=1 build=build keep="" top=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --creates) creates=$2; shift 2 ;;
    --preload) preload=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --top) top=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "callgrind_create.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in valgrind callgrind_control; do
  command -v "$tool" >/dev/null || { echo "callgrind_create.sh: $tool is missing (apt-get install valgrind)" >&2; exit 1; }
done
[[ -x $build/bench/api/bench_api && -x $build/src/kesu ]] ||
  { echo "callgrind_create.sh: build kesu and bench_api first (ninja -C $build kesu bench_api)" >&2; exit 1; }

data=$(mktemp -d /tmp/kesu-callgrind.XXXXXX)
trap 'rm -rf "$data"' EXIT
"$build/bench/api/bench_api" --kesu "$build/src/kesu" --data "$data/data" --preload "$preload" --clients "$clients" \
  --callgrind "$creates" --callgrind-out "$data/callgrind.out" | grep -v '^bench:'
echo "  kesu $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $preload complaints preloaded, $(valgrind --version)"
if [[ $top -gt 0 ]]; then
  callgrind_annotate --inclusive=no "$data/callgrind.out.1" 2>/dev/null | sed -n "1,$((top + 25))p" |
    grep -E '^ *[0-9,]+ \(' | head -n "$top"
fi
if [[ -n $keep ]]; then
  mkdir -p "$keep"
  cp "$data/callgrind.out.1" "$keep/callgrind.out.create"
  echo "  profile kept in $keep/callgrind.out.create (callgrind_annotate or kcachegrind)"
fi
