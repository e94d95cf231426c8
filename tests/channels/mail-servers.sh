#!/usr/bin/env bash
# Runs a command against throwaway mail servers on loopback, like scripts/with-postgres.sh does for PostgreSQL:
#   bash tests/channels/mail-servers.sh bash -c 'cd build && ctest --output-on-failure -L mail'
# Starts a private Postfix (its own config, queue and log under a fresh /tmp directory: `postfix -c DIR`) with two
# SMTP listeners on 127.0.0.1 -- one offering STARTTLS, one implicit TLS (smtps), both requiring AUTH over TLS --
# delivering mail for the domain kesu.test into Maildirs, and a private Dovecot (`dovecot -c FILE`) serving
# those Maildirs over IMAP (STARTTLS) and IMAPS, and answering Postfix's SASL questions. Users and passwords come
# from a file in the same directory (support@ and customer@kesu.test). The TLS certificate is self-signed,
# made at start, for localhost and 127.0.0.1. The machine's own Postfix and Dovecot settings are not touched and
# their system services are not started.
# Exports KESU_TEST_SMTP_PORT (STARTTLS), KESU_TEST_SMTPS_PORT, KESU_TEST_IMAP_PORT (STARTTLS),
# KESU_TEST_IMAPS_PORT, KESU_TEST_MAIL_CA (the certificate to trust), KESU_TEST_MAIL_DOMAIN,
# KESU_TEST_MAIL_PASSWORD (every user's), KESU_TEST_MAILDIR (root of the Maildirs), runs the command, stops both
# servers and removes the directory whatever happens, and exits with the command's exit code. Needs root (Postfix's
# master runs as root and drops to the postfix user) and the Debian packages postfix and dovecot-imapd.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi
for tool in postfix dovecot openssl; do
  if ! command -v "$tool" >/dev/null; then
    echo "mail-servers: $tool not found (bash scripts/install-deps.sh --test)" >&2
    exit 2
  fi
done
if [[ $(id -u) -ne 0 ]]; then
  echo "mail-servers: must run as root (Postfix's master process needs it)" >&2
  exit 2
fi

dir=$(mktemp -d /tmp/kesu-mail.XXXXXX)
chmod 755 "$dir"
domain=kesu.test
password="kesu-test-$RANDOM$RANDOM"
mail_uid=$(id -u nobody)
mail_gid=$(id -g nobody)

postfix_started=0
postfix_pid=
dovecot_pid=
cleanup() {
  local status=$?
  # `postfix -c DIR abort` stops this instance only (its master is found through DIR's queue).
  if [[ $postfix_started -eq 1 ]]; then postfix -c "$dir/postfix" abort >/dev/null 2>&1 || true; fi
  if [[ -n $dovecot_pid ]]; then kill "$dovecot_pid" 2>/dev/null || true; fi
  # Wait (bounded) for both masters to exit, so nothing is left listening or writing into the directory.
  for _ in $(seq 1 100); do
    { [[ -n $postfix_pid ]] && kill -0 "$postfix_pid" 2>/dev/null; } ||
      { [[ -n $dovecot_pid ]] && kill -0 "$dovecot_pid" 2>/dev/null; } || break
    sleep 0.05
  done
  if [[ $status -ne 0 ]]; then
    for log in "$dir/postfix.log" "$dir/dovecot.log"; do
      [[ -s $log ]] && { echo "--- $log" >&2; tail -n 40 "$log" >&2; }
    done
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Ports below the kernel's ephemeral range: one inside it can be taken by an outgoing connection before Postfix or
# Dovecot binds it (it happened in CI).
source "$(dirname "$0")/../../scripts/free-port.sh"
read -r smtp_port smtps_port imap_port imaps_port < <(free_ports 4)

mkdir -p "$dir/tls" "$dir/postfix" "$dir/postfix-queue" "$dir/postfix-data" "$dir/dovecot-run" \
  "$dir/dovecot-state" "$dir/mail"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" \
  >/dev/null 2>&1
chmod 644 "$dir/tls/cert.pem"
chmod 600 "$dir/tls/key.pem"
chown postfix:postfix "$dir/postfix-data"
chown "$mail_uid:$mail_gid" "$dir/mail"

users=(support customer kesu-loop)
: >"$dir/users"
: >"$dir/postfix/vmailbox"
for user in "${users[@]}"; do
  echo "$user@$domain:{PLAIN}$password" >>"$dir/users"
  echo "$user@$domain $domain/$user/" >>"$dir/postfix/vmailbox"
done
chmod 640 "$dir/users"
chgrp dovecot "$dir/users"

cat >"$dir/postfix/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $dir/postfix-queue
data_directory = $dir/postfix-data
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.$domain
mydomain = $domain
myorigin = $domain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.1/32
alias_maps =
alias_database =
local_transport = error:5.1.1 no local delivery on the test server
default_transport = error:5.7.1 the test server relays nothing
virtual_mailbox_domains = $domain
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = texthash:$dir/postfix/vmailbox
virtual_uid_maps = static:$mail_uid
virtual_gid_maps = static:$mail_gid
virtual_minimum_uid = 100
smtpd_tls_cert_file = $dir/tls/cert.pem
smtpd_tls_key_file = $dir/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
smtputf8_enable = no
biff = no
message_size_limit = 26214400
EOF

cat >"$dir/postfix/master.cf" <<EOF
127.0.0.1:$smtp_port inet n - n - - smtpd
127.0.0.1:$smtps_port inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
virtual unix - n n - - virtual
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
EOF

cat >"$dir/dovecot.conf" <<EOF
base_dir = $dir/dovecot-run
state_dir = $dir/dovecot-state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$dir/tls/cert.pem
ssl_key = <$dir/tls/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 100
mail_location = maildir:$dir/mail/%d/%n
namespace inbox {
  inbox = yes
  separator = /
  mailbox Processed {
    auto = create
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$dir/mail/%d/%n
}
service imap-login {
  inet_listener imap {
    port = $imap_port
  }
  inet_listener imaps {
    port = $imaps_port
    ssl = yes
  }
}
service auth {
  unix_listener $dir/postfix-queue/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
# Tests refuse wrong passwords on purpose: no delay, and no penalty slowing every later login from 127.0.0.1.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF

# The postfix command reports to syslog, or to a terminal: give it one (script) so a failure says why.
run_postfix() {
  if ! script -qec "postfix -c $dir/postfix $*" "$dir/postfix-command.log" >/dev/null; then
    echo "mail-servers: postfix $* failed:" >&2
    cat "$dir/postfix-command.log" >&2
    exit 1
  fi
}
# Postfix first: its start-up check creates the queue directories, among them private/ for Dovecot's auth socket.

postfix_started=1
run_postfix start
postfix_pid=$(tr -d ' ' <"$dir/postfix-queue/pid/master.pid")
# In the foreground, backgrounded here: $! is Dovecot's master itself, known before it has written any pid file.
dovecot -F -c "$dir/dovecot.conf" >>"$dir/dovecot.log" 2>&1 &
dovecot_pid=$!

for port in "$smtp_port" "$smtps_port" "$imap_port" "$imaps_port"; do
  for attempt in $(seq 1 100); do
    port_free "$port" || continue 2
    sleep 0.05
  done
  echo "mail-servers: nothing listens on 127.0.0.1:$port" >&2
  exit 1
done

export KESU_TEST_SMTP_PORT=$smtp_port KESU_TEST_SMTPS_PORT=$smtps_port
export KESU_TEST_IMAP_PORT=$imap_port KESU_TEST_IMAPS_PORT=$imaps_port
export KESU_TEST_MAIL_CA=$dir/tls/cert.pem KESU_TEST_MAIL_DOMAIN=$domain KESU_TEST_MAIL_PASSWORD=$password
export KESU_TEST_MAILDIR=$dir/mail
echo "mail-servers: Postfix $(postconf -h mail_version) on smtp $smtp_port / smtps $smtps_port," \
  "Dovecot $(dovecot --version | cut -d' ' -f1) on imap $imap_port / imaps $imaps_port" >&2
set +e
"$@"
status=$?
set -e
exit $status
