# Shared by the interop tests and scripts/demo.sh: two network namespaces
# joined by a veth pair, ikecore-responder in one, strongSwan in the other.
# Source it, then call `interop_setup NAME`. Everything the run makes (its
# namespaces, processes and the directory $TMP) goes away on exit, even when
# the test fails; IKECORE_INTEROP_KEEP=1 keeps $TMP for a post-mortem.
#
#   $NS_R / $NS_I   responder / initiator namespace, unique per run
#   $ADDR_R / $ADDR_I  10.77.0.1 / 10.77.0.2 on veth-r / veth-i
#   10.99.1.1 on the responder's loopback: inside the default configuration's
#   local traffic selector (10.99.1.0/24), the target of tunnelled pings.
#
# Exit status convention (ctest): 77 skips when the machine cannot run the
# test (not root, no netns, no strongSwan) unless IKECORE_INTEROP_REQUIRED=1.

ADDR_R=10.77.0.1
ADDR_I=10.77.0.2
PIDS=()

interop_skip() {
  if [ "${IKECORE_INTEROP_REQUIRED:-0}" = 1 ]; then
    echo "FAIL: cannot run: $*"
    exit 1
  fi
  echo "SKIP: $*"
  exit 77
}

interop_fail() {
  echo "FAIL: $*"
  exit 1
}

# Leftovers of runs that were killed (ctest's timeout is SIGKILL, which no
# trap sees): namespaces and directories carry the PID of the run that made
# them; remove those whose run is gone.
interop_reap_stale() {
  local ns owner pid dir
  for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep -E '^ik[a-z0-9]*-[ri]-[0-9]+-[0-9]+$'); do
    owner=${ns#*-[ri]-}
    owner=${owner%-*}
    kill -0 "$owner" 2>/dev/null && continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  for dir in /tmp/ikecore-interop.[0-9]*.*; do
    [ -d "$dir" ] && [ ! -e "$dir/.keep" ] || continue
    owner=${dir#/tmp/ikecore-interop.}
    owner=${owner%%.*}
    kill -0 "$owner" 2>/dev/null || rm -rf "$dir"
  done
}

interop_cleanup() {
  local pid ns
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  for ns in "$NS_I" "$NS_R"; do
    if ip netns pids "$ns" >/dev/null 2>&1; then
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
      ip netns del "$ns" 2>/dev/null
    fi
  done
  if [ "${IKECORE_INTEROP_KEEP:-0}" = 1 ]; then
    touch "$TMP/.keep"
    echo "kept $TMP"
  else
    rm -rf "$TMP"
  fi
}

# interop_setup SHORTNAME: checks the machine, makes $TMP and the network.
interop_setup() {
  local name=$1
  [ "$(id -u)" = 0 ] || interop_skip "needs root (network namespaces)"
  local tool
  for tool in ip unshare mount swanctl charon-cmd; do
    command -v "$tool" >/dev/null 2>&1 || interop_skip "'$tool' not found (scripts/deps.sh installs it)"
  done
  CHARON=
  local c
  for c in /usr/lib/ipsec/charon /usr/libexec/ipsec/charon; do
    if [ -x "$c" ]; then CHARON=$c; break; fi
  done
  [ -n "$CHARON" ] || interop_skip "strongSwan's charon not found"
  ip netns list >/dev/null 2>&1 || interop_skip "'ip netns' does not work here"
  interop_reap_stale

  TMP=$(mktemp -d "/tmp/ikecore-interop.$$.XXXXXX") || exit 1
  chmod 755 "$TMP"
  local tag="$$-$RANDOM"
  NS_R="ik$name-r-$tag"
  NS_I="ik$name-i-$tag"
  trap interop_cleanup EXIT
  trap 'exit 1' INT TERM HUP

  ip netns add "$NS_R" || interop_skip "cannot create a network namespace"
  ip netns add "$NS_I" || interop_skip "cannot create a network namespace"
  ip link add veth-r netns "$NS_R" type veth peer name veth-i netns "$NS_I" || interop_skip "cannot create a veth pair"
  ip -n "$NS_R" link set lo up
  ip -n "$NS_I" link set lo up
  ip -n "$NS_R" addr add "$ADDR_R/24" dev veth-r
  ip -n "$NS_I" addr add "$ADDR_I/24" dev veth-i
  ip -n "$NS_R" addr add 10.99.1.1/32 dev lo
  ip -n "$NS_R" link set veth-r up
  ip -n "$NS_I" link set veth-i up
  local _
  for _ in $(seq 1 50); do
    ip netns exec "$NS_I" ping -c1 -W1 "$ADDR_R" >/dev/null 2>&1 && break
    sleep 0.2
  done
}

# wait_for FILE REGEX SECONDS: 0 once a line of FILE matches.
wait_for() {
  local file=$1 regex=$2 limit=$(( $3 * 10 )) i
  for i in $(seq 1 "$limit"); do
    grep -Eq -- "$regex" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# start_responder BINARY [ARGS...]: ikecore-responder in $NS_R, state in
# $TMP/state, keys in $TMP/keys, output in $TMP/responder.log.
start_responder() {
  local binary=$1
  shift
  mkdir -p "$TMP/keys"
  ip netns exec "$NS_R" "$binary" --state-dir "$TMP/state" --keylog "$TMP/keys" --listen "$ADDR_R" "$@" \
    > "$TMP/responder.log" 2>&1 &
  RESPONDER_PID=$!
  PIDS+=("$RESPONDER_PID")
  wait_for "$TMP/responder.log" '^ikecore-responder: ready$' 30 || {
    sed 's/^/  responder| /' "$TMP/responder.log"
    interop_fail "ikecore-responder did not start"
  }
}

# responder_table: asks for the SA table (SIGUSR1) and prints it.
responder_table() {
  local before after
  before=$(grep -c '^Dropped:' "$TMP/responder.log")
  kill -USR1 "$RESPONDER_PID"
  for _ in $(seq 1 50); do
    after=$(grep -c '^Dropped:' "$TMP/responder.log")
    [ "$after" -gt "$before" ] && break
    sleep 0.1
  done
  # The last table: from the line after the previous "Dropped:" on.
  awk -v skip="$before" 'n >= skip { print } /^Dropped:/ { n++ }' "$TMP/responder.log" |
    sed -n '/^IKEv2 SAs:/,$p'
}

# stop_responder: SIGTERM, and the exit status must be 0.
stop_responder() {
  kill -TERM "$RESPONDER_PID" 2>/dev/null
  local status
  wait "$RESPONDER_PID"
  status=$?
  [ "$status" = 0 ] || interop_fail "ikecore-responder exited with status $status"
}

# The plugins every strongSwan process here loads. kernel-libipsec first:
# this kernel has no XFRM, so CHILD SAs live in strongSwan's userspace ESP.
STRONGSWAN_PLUGINS="kernel-libipsec kernel-netlink random nonce openssl pem pkcs1 x509 pubkey revocation constraints hmac sha1 sha2 md5 aes gcm ccm ctr cmac xcbc chapoly curve25519 kdf socket-default eap-identity eap-md5 eap-mschapv2 eap-gtc resolve"

# write_strongswan_conf [EXTRA CHARON SETTINGS...]: $TMP/strongswan.conf with
# a charon-cmd section and a charon section (vici socket in $TMP), both
# logging the IKE exchange to $TMP/charon-cmd.log / $TMP/charon.log.
write_strongswan_conf() {
  local extra="" line
  for line in "$@"; do extra="$extra  $line
"; done
  local section
  {
    for section in charon-cmd charon; do
      cat <<EOF2
$section {
  load = $STRONGSWAN_PLUGINS$( [ $section = charon ] && echo " vici" )
  install_routes = yes
  install_virtual_ip = yes
  retransmit_timeout = 2
  retransmit_tries = 3
$extra  plugins {
    vici {
      socket = unix://$TMP/charon.vici
    }
    resolve {
      file = $TMP/resolv.conf
    }
  }
  filelog {
    log {
      path = $TMP/$section.log
      default = 1
      ike = 2
      cfg = 2
      append = yes
      flush_line = yes
    }
  }
}
EOF2
    done
  } > "$TMP/strongswan.conf"
}

# start_charon: strongSwan's daemon in $NS_I, in a mount namespace whose
# /run is a fresh tmpfs (its pid file), driven through $TMP/charon.vici.
start_charon() {
  ip netns exec "$NS_I" unshare -m --propagation private sh -c '
    mount -t tmpfs tmpfs /run || exit 90
    STRONGSWAN_CONF="$1" exec "$2"
  ' sh "$TMP/strongswan.conf" "$CHARON" > "$TMP/charon.stdout" 2>&1 &
  CHARON_PID=$!
  PIDS+=("$CHARON_PID")
  local _
  for _ in $(seq 1 100); do
    [ -S "$TMP/charon.vici" ] && return 0
    kill -0 "$CHARON_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$TMP/charon.stdout"
  interop_fail "charon did not start"
}

# swanctl_i ARGS...: swanctl against our charon.
swanctl_i() {
  STRONGSWAN_CONF="$TMP/strongswan.conf" swanctl --uri "unix://$TMP/charon.vici" "$@"
}
