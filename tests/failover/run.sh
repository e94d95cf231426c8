#!/usr/bin/env bash
# Failover without loss, demonstrated: a PostgreSQL primary with a synchronous streaming standby, one kesu node on a
# multi-host URL (target_session_attrs=read-write), eight clients creating complaints; the primary is killed
# (immediate shutdown, as a crash), the standby promoted; the clients keep going. Afterwards every complaint that
# was acknowledged with 201 must be readable, and the audit chain must verify.
#   bash tests/failover/run.sh [build/src/kesu]
# Prints a summary and exits non-zero if anything acknowledged was lost.
set -euo pipefail
cd "$(dirname "$0")/../.."
kesu=$(realpath "${1:-build/src/kesu}")
pgbin=${KESU_PG_BIN:-/usr/lib/postgresql/15/bin}
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
source scripts/free-port.sh

work=$(mktemp -d /tmp/kesu-failover.XXXXXX)
chmod 755 "$work"
[[ $(id -u) -eq 0 ]] && chown postgres:postgres "$work"
read -r primary_port standby_port < <(free_ports 2)
kesu_pid=""
cleanup() {
  [[ -n "$kesu_pid" ]] && kill "$kesu_pid" 2>/dev/null || true
  [[ -f "$work/kesu.out" ]] && tail -5 "$work/kesu.out" >&2 || true
  for node in primary standby; do
    [[ -d "$work/$node" ]] && as_postgres "$pgbin/pg_ctl" -D "$work/$node" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

echo "failover: primary on $primary_port, synchronous standby on $standby_port"
as_postgres "$pgbin/initdb" -D "$work/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$work/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$work'
wal_level = replica
max_wal_senders = 4
synchronous_standby_names = 'standby1'
synchronous_commit = on
CONF
echo "host replication postgres 127.0.0.1/32 trust" >> "$work/primary/pg_hba.conf"
as_postgres "$pgbin/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w start >/dev/null
as_postgres "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$work/standby" -R -X stream >/dev/null
sed -i "s/^port = .*/port = $standby_port/" "$work/standby/postgresql.conf"
echo "primary_conninfo = 'host=127.0.0.1 port=$primary_port user=postgres application_name=standby1'" \
  >> "$work/standby/postgresql.auto.conf"
as_postgres "$pgbin/pg_ctl" -D "$work/standby" -l "$work/standby.log" -w start >/dev/null
as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -qc "CREATE DATABASE kesu" >/dev/null
for _ in $(seq 50); do
  state=$(as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -Atc \
          "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")
  [[ "$state" == "sync" ]] && break
  sleep 0.2
done
echo "failover: standby replication state: $state"

db="postgres://postgres@127.0.0.1:$primary_port,127.0.0.1:$standby_port/kesu?target_session_attrs=read-write&connect_timeout=2"
data="$work/kesu-data"
"$kesu" user create --data "$data" --db "$db" --username loader --password 'Passw0rd!234' --role agent \
  --department 客服部 >/dev/null
"$kesu" serve --data "$data" --db "$db" --port 0 --log-level error > "$work/kesu.out" 2>&1 &
kesu_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/kesu.out" && break; sleep 0.1; done
url=$(grep -m1 -o 'http://127.0.0.1:[0-9]*' "$work/kesu.out")
cookies="$work/cookies"
csrf=$(curl -s -c "$cookies" -H 'Content-Type: application/json' -d '{"username":"loader","password":"Passw0rd!234"}' \
  "$url/api/v1/auth/login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
user_id=$(curl -s -b "$cookies" "$url/api/v1/auth/me" | sed -n 's/.*"user":{[^}]*"id":\([0-9]*\).*/\1/p')
token=$(curl -s -b "$cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"name":"failover"}' \
  "$url/api/v1/users/$user_id/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')

# Eight clients, each appending the id of every complaint acknowledged with 201 (and counting everything else).
stop_at=$(( $(date +%s) + 16 ))
for client in $(seq 8); do
  (
    n=0
    while (( $(date +%s) < stop_at )); do
      n=$((n + 1))
      response=$(curl -s -m 10 -w '\n%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"channel\":\"app\",\"subject\":\"故障切换 $client-$n\",\"description\":\"主库故障期间的投诉\",\"complainant\":{\"name\":\"测试\",\"phone\":\"13800000000\"}}" \
        "$url/api/v1/complaints" || true)
      code=${response##*$'\n'}
      if [[ "$code" == "201" ]]; then
        body=${response%%$'\n'*}
        id=$(sed -n 's/.*"id":\([0-9]*\),"kind".*/\1/p' <<< "$body")
        echo "$id $(date +%s.%N)" >> "$work/acknowledged.$client"
      else
        echo "$code" >> "$work/failed.$client"
      fi
    done
  ) &
done
sleep 5
echo "failover: kesu health before: $(curl -s -m 5 "$url/healthz" || echo 'no answer')"
killed_at=$(date +%s.%N)
echo "failover: killing the primary (immediate shutdown) and promoting the standby"
as_postgres "$pgbin/pg_ctl" -D "$work/primary" -m immediate -w stop >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$work/standby" -w promote >/dev/null
# The standby was cloned from the primary's configuration: once alone it must stop waiting for a synchronous
# standby of its own (what an operator or Patroni does on promotion), or every commit would wait forever.
as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$standby_port" -U postgres -qc \
  "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()" >/dev/null
promoted_at=$(date +%s.%N)

sleep 12
echo "failover: kesu health after the failover: $(curl -s -m 5 "$url/healthz" || echo 'no answer')"

acknowledged=$(cat "$work"/acknowledged.* 2>/dev/null | grep -c . || true)
after=$(cat "$work"/acknowledged.* 2>/dev/null | awk -v t="$killed_at" '$2 > t' | grep -c . || true)
first_after=$(cat "$work"/acknowledged.* 2>/dev/null | awk -v t="$killed_at" '$2 > t && (m == "" || $2 < m) { m = $2 } END { print m }')
failed=$(cat "$work"/failed.* 2>/dev/null | grep -c . || true)
missing=0
for id in $(cat "$work"/acknowledged.* | cut -d' ' -f1); do
  code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url/api/v1/complaints/$id" || true)
  if [[ "$code" != "200" ]]; then missing=$((missing + 1)); echo "failover: acknowledged complaint $id is missing ($code)"; fi
done
verify=$(timeout 60 "$kesu" audit verify --data "$data" --db "$db" 2>&1 || echo "audit verify failed with status $?")
gap=$(awk -v a="$killed_at" -v b="${first_after:-$killed_at}" 'BEGIN { printf "%.1f", b - a }')
echo "failover: acknowledged=$acknowledged (after the kill: $after) failed_in_flight=$failed missing=$missing"
echo "failover: first acknowledged write after the kill came ${gap}s later (promotion took $(awk -v a="$killed_at" -v b="$promoted_at" 'BEGIN { printf "%.1f", b - a }')s)"
echo "failover: $verify"
[[ $missing -eq 0 && $after -gt 0 && "$verify" == *intact* ]]
