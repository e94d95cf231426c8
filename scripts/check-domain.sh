#!/usr/bin/env bash
# The domain stays free of I/O: src/domain may include only standard headers and its own.
set -euo pipefail
cd "$(dirname "$0")/.."
allowed='algorithm|array|cassert|chrono|cmath|compare|concepts|cstddef|cstdint|cstdlib|expected|functional|initializer_list|iterator|limits|map|memory|numeric|optional|ranges|set|span|string|string_view|tuple|type_traits|unordered_map|unordered_set|utility|variant|vector|deque|stdexcept|bitset|charconv|cstring|ctime|sstream|iosfwd|ostream|list|numbers|random|regex|mutex|atomic'
bad=$(grep -rhoE '^#include <[^>]+>' src/domain | grep -vE "<($allowed)>" | sort -u || true)
if [[ -n "$bad" ]]; then
  echo "src/domain includes non-standard headers: $bad" >&2
  exit 1
fi
bad=$(grep -rhoE '^#include "[^"]+"' src/domain | grep -v '"domain/' | sort -u || true)
if [[ -n "$bad" ]]; then
  echo "src/domain includes headers from outside the domain: $bad" >&2
  exit 1
fi
echo "domain includes: standard library and domain only"
