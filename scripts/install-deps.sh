#!/usr/bin/env bash
# Installs what kesu needs from Debian 12 packages (as root). Skips apt entirely when everything is present.
# Usage: scripts/install-deps.sh [--test]   (--test adds the browser, the PostgreSQL server, mail servers and clang
# for the fuzz targets)
set -euo pipefail

packages=(build-essential cmake ninja-build pkg-config ccache
  libboost-dev libsqlite3-dev sqlite3 libpq-dev
  nlohmann-json3-dev libspdlog-dev libcli11-dev libsodium-dev libcurl4-openssl-dev
  libgmime-3.0-dev libxml2-dev libical-dev libopencc-dev opencc
  libjemalloc-dev libgtest-dev libgmock-dev libbenchmark-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(postgresql chromium fonts-wqy-microhei curl)
  # Mail servers for the channel tests (tests/channels/mail-servers.sh runs private instances on loopback).
  packages+=(postfix dovecot-imapd)
  # libFuzzer targets (tests/fuzz/run.sh): clang 16 compiles std::expected with libstdc++ 12; its runtime has libFuzzer.
  packages+=(clang-16 libclang-rt-16-dev)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
  echo "kesu: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Postfix asks how it should deliver: "Local only" keeps the system instance off the network.
  if command -v debconf-set-selections >/dev/null; then
    printf '%s\n' 'postfix postfix/main_mailer_type select Local only' \
      "postfix postfix/mailname string $(hostname -f 2>/dev/null || hostname)" | debconf-set-selections
  fi
  apt-get update -q
  apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}"
fi

# The web UI needs Node.js 20 or newer (Vite 8).
if ! command -v node >/dev/null || (( $(node -p 'process.versions.node.split(".")[0]') < 20 )); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends nodejs npm || true
  if ! command -v node >/dev/null || (( $(node -p 'process.versions.node.split(".")[0]') < 20 )); then
    echo "kesu: Node.js 20 or newer is required to build the web UI (found: $(node --version 2>/dev/null || echo none))" >&2
    exit 1
  fi
fi
