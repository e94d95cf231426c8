#!/usr/bin/env bash
# Packaged like a server: builds the .deb with CPack from a build directory, checks its metadata, layout and systemd
# unit, unpacks it into a throwaway root (dpkg -x: no chroot, no maintainer scripts) and starts the installed binary
# there with no --web-root. /healthz must answer, the web UI must be served from /usr/share/kesu/web of that root,
# /metrics must carry kesu_build_info and the process metrics, and --version and usage errors must behave. Also
# checks the layout of `cmake --install` into a prefix.
#   bash tests/package/run.sh [BUILD_DIR]     (default build/, with web/dist built: scripts/build.sh does both)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
work=$(mktemp -d /tmp/kesu-package.XXXXXX)
server=""
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package test: $*" >&2; exit 1; }
has() { grep -q -- "$1" <<<"$2" || fail "$3"; }

[[ -f web/dist/index.html ]] || fail "web/dist is not built (scripts/build.sh builds it)"
ninja -C "$build" kesu >/dev/null
cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/out/kesu_*_*.deb)
echo "package test: built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

info=$(dpkg-deb -I "$deb")
has '^ Package: kesu$' "$info" "the package is not called kesu"
for dependency in libopencc-data init-system-helpers libsqlite3-0 libsodium23 libjemalloc2; do
  has "^ Depends:.*$dependency" "$info" "the package does not depend on $dependency"
done
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/kesu ./usr/share/kesu/web/index.html ./lib/systemd/system/kesu.service ./etc/kesu/kesu.env \
            ./usr/share/doc/kesu/operations.md; do
  has " $path\$" "$contents" "$path is not in the package"
done
has '^-rw-r----- root/root .* ./etc/kesu/kesu.env$' "$contents" "/etc/kesu/kesu.env (it may hold secrets) is not 0640"
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/kesu/kesu.env "$work/control/conffiles" || fail "/etc/kesu/kesu.env is not a conffile"
for script in postinst prerm postrm; do
  [[ -x $work/control/$script ]] || fail "no executable $script"
  sh -n "$work/control/$script" || fail "$script is not valid sh"
done

root=$work/root
dpkg -x "$deb" "$root"
unit=$root/lib/systemd/system/kesu.service
for line in 'ExecStart=/usr/bin/kesu serve --data /var/lib/kesu' 'EnvironmentFile=-/etc/kesu/kesu.env' \
            DynamicUser=yes StateDirectory=kesu ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
            PrivateDevices=yes NoNewPrivileges=yes CapabilityBoundingSet= MemoryDenyWriteExecute=yes \
            SystemCallFilter=@system-service; do
  grep -qxF "$line" "$unit" || fail "the unit lacks $line"
done
if command -v systemd-analyze >/dev/null; then
  # Exposure 0.0 (locked down) to 10.0 (unprotected); --threshold counts tenths.
  systemd-analyze security --offline=yes --root="$root" --threshold=25 kesu.service >"$work/security" 2>&1 ||
    { tail -3 "$work/security" >&2; fail "the unit's exposure is above 2.5 (systemd-analyze security)"; }
  echo "package test: $(grep -o 'Overall exposure level.*' "$work/security")"
fi

kesu=$root/usr/bin/kesu
version=$("$kesu" --version)
[[ $version =~ ^kesu\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ [0-9a-z-]+\)$ ]] || fail "kesu --version printed '$version'"
status=0; "$kesu" frobnicate >/dev/null 2>"$work/usage" || status=$?
[[ $status == 2 ]] && grep -q frobnicate "$work/usage" || fail "an unknown command exited $status: $(cat "$work/usage")"
status=0; "$kesu" serve --port 99999 >/dev/null 2>"$work/usage" || status=$?
[[ $status == 2 ]] && grep -q -- '--port.*99999' "$work/usage" || fail "a bad --port exited $status: $(cat "$work/usage")"

"$kesu" serve --data "$work/data" --port 0 --log-level warn >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 300); do
  grep -q 'listening on' "$work/serve.out" && break
  kill -0 "$server" 2>/dev/null || fail "kesu stopped: $(cat "$work/serve.err")"
  sleep 0.1
done
line=$(grep 'listening on' "$work/serve.out") || fail "kesu did not start within 30 s: $(cat "$work/serve.err")"
url=$(grep -o 'http://127.0.0.1:[0-9]*' <<<"$line")
has "web UI $root/usr/share/kesu/web)" "$line" "the installed web UI was not found without --web-root: $line"
has '"status":"ok"' "$(curl -fsS "$url/healthz")" "/healthz did not answer ok"
page=$(curl -fsS "$url/")
has '<div id="app">' "$page" "/ is not the web UI"
asset=$(grep -o '/assets/index-[^"]*\.js' <<<"$page" | head -1)
curl -fsS -o /dev/null "$url$asset" || fail "the UI's $asset is not served"
metrics=$(curl -fsS "$url/metrics")
has "^kesu_build_info{version=\"[0-9.]*\",commit=\"[0-9a-z-]*\"} 1$" "$metrics" "/metrics has no kesu_build_info"
for metric in process_cpu_seconds_total process_resident_memory_bytes process_open_fds process_max_fds \
              process_start_time_seconds; do
  has "^$metric [0-9]" "$metrics" "/metrics has no $metric"
done
start=$(grep '^process_start_time_seconds ' <<<"$metrics" | cut -d' ' -f2)
(( ${start%.*} > $(date +%s) - 120 && ${start%.*} <= $(date +%s) )) || fail "process_start_time_seconds is $start"
kill "$server"; wait "$server" || true; server=""
echo "package test: the unpacked package serves the UI, /healthz and /metrics ($version)"

cmake --install "$build" --prefix "$work/prefix" >/dev/null
for path in bin/kesu share/kesu/web/index.html lib/systemd/system/kesu.service etc/kesu/kesu.env; do
  [[ -e $work/prefix/$path ]] || fail "cmake --install laid out no $path"
done
grep -qxF "ExecStart=$work/prefix/bin/kesu serve --data /var/lib/kesu" "$work/prefix/lib/systemd/system/kesu.service" ||
  fail "the unit installed under a prefix does not run that prefix's binary"
echo "package test: cmake --install lays out bin/, share/kesu/web, lib/systemd/system and etc/kesu"
