#!/usr/bin/env bash
# Builds kesu (C++ in build/, web UI in web/dist). Usage: scripts/build.sh [extra cmake -D flags]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
ninja -C build
if [[ -f web/package.json ]]; then
  (cd web && { [[ -d node_modules && node_modules/.package-lock.json -nt package-lock.json ]] || npm ci --no-audit --no-fund --loglevel=error; } && npm run build --silent)
fi
