#!/usr/bin/env bash
# Free TCP ports on 127.0.0.1 for the throwaway servers the tests start (PostgreSQL, Postfix, Dovecot). Source it:
#   source scripts/free-port.sh; read -r smtp imap < <(free_ports 2)
# Ports are taken from below the kernel's ephemeral range (net.ipv4.ip_local_port_range, 32768-60999 on Debian):
# a port inside it can be handed to an outgoing connection -- any client on the machine, or the tests' own --
# between the moment it is picked and the moment the server binds it, and the server then fails to start. That
# happened in CI (Dovecot on a port in 40000-60000). A picked port is also one no socket on the machine uses in any
# state (listening, connected or waiting), read from /proc/net/tcp and tcp6, and differs from the others picked.

free_port_range() {
  local low high
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || { low=32768; high=60999; }
  if (( low > 12000 )); then
    echo "10000 $(( low - 1 ))"
  elif (( high < 60000 )); then
    echo "$(( high + 1 )) 65535"
  else
    echo "free-port: the ephemeral range $low-$high leaves no room for servers" >&2
    return 1
  fi
}

# Every local port some TCP socket on the machine uses, in decimal, one per line.
ports_in_use() {
  local file
  for file in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $file ]] || continue
    # Column 2 is local_address as HEXADDR:HEXPORT.
    awk 'NR > 1 { split($2, a, ":"); print a[2] }' "$file"
  done | while read -r hex; do echo $(( 16#$hex )); done
}

# Prints N distinct free ports on one line.
free_ports() {
  local count=${1:-1} low high used port picked=() tries
  read -r low high < <(free_port_range) || return 1
  used=" $(ports_in_use | tr '\n' ' ') "
  for (( tries = 0; ${#picked[@]} < count; tries++ )); do
    if (( tries > 1000 )); then
      echo "free-port: no free port in $low-$high" >&2
      return 1
    fi
    port=$(( low + (RANDOM * 32768 + RANDOM) % (high - low + 1) ))
    [[ $used == *" $port "* || " ${picked[*]:-} " == *" $port "* ]] && continue
    picked+=("$port")
  done
  echo "${picked[*]}"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  free_ports "${1:-1}"
fi
