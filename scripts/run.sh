#!/usr/bin/env bash
# Installs what is missing, builds, and starts kesu on http://127.0.0.1:8080 with its data in ./data.
# On the first start it creates the administrator account and prints how to sign in.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DKESU_BUILD_TESTS=OFF -DKESU_BUILD_BENCH=OFF
exec ./build/src/kesu serve --data ./data --port "${KESU_PORT:-8080}" --web-root ./web/dist
