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

# swanctl_i COMMAND ARGS...: swanctl against our charon (--uri is an option
# of each command, so it goes after the command).
swanctl_i() {
  local command=$1
  shift
  STRONGSWAN_CONF="$TMP/strongswan.conf" swanctl "$command" --uri "unix://$TMP/charon.vici" "$@"
}

# --- For the scenario tests (tests/interop/scenarios/*.sh). -------------------

# check DESCRIPTION COMMAND...: runs the check, prints ok/FAILED, remembers
# failures for interop_finish.
CHECK_FAILED=()
check() {
  local what=$1
  shift
  if "$@"; then
    echo "ok: $what"
  else
    echo "FAILED: $what"
    CHECK_FAILED+=("$what")
  fi
}

# interop_finish NAME: exit 0 if every check passed; else prints the logs
# (responder, strongSwan) and exits 1.
interop_finish() {
  if [ ${#CHECK_FAILED[@]} -eq 0 ]; then
    echo "PASS: $1"
    exit 0
  fi
  interop_dump_logs
  echo "FAIL: $1: $(IFS=';'; echo "${CHECK_FAILED[*]}")"
  exit 1
}

# interop_dump_logs: the run's logs, prefixed, for a failure report.
interop_dump_logs() {
  local f
  for f in responder.log charon.log charon-cmd.log charon-cmd.stdout swanctl.out; do
    [ -s "$TMP/$f" ] || continue
    echo "--- $f"
    grep -Ev '^[^[]*\[[A-Z]+\] +[0-9]+: |\[CFG\] |\[IKE\] +(queueing|activating)' "$TMP/$f" | tail -n 80 |
      sed "s/^/  ${f%%.*}| /"
  done
}

# write_config FILE: standard input to FILE (an ikecore-responder XML
# configuration), then --check-config with BINARY ($RESPONDER).
write_config() {
  cat > "$1"
  "$RESPONDER" --check-config --config "$1" >/dev/null || interop_fail "ikecore-responder rejects $1"
}

# start_swanctl_charon [EXTRA CHARON SETTINGS...]: strongswan.conf, charon,
# then loads $TMP/swanctl/swanctl.conf (credentials beside it in x509/,
# x509ca/, private/, ecdsa/). swanctl's output goes to $TMP/swanctl.out.
start_swanctl_charon() {
  write_strongswan_conf "$@"
  start_charon
  swanctl_i --load-all --file "$TMP/swanctl/swanctl.conf" >> "$TMP/swanctl.out" 2>&1 ||
    { cat "$TMP/swanctl.out"; interop_fail "swanctl --load-all failed"; }
}

# initiate CHILD [TIMEOUT]: swanctl --initiate; 0 when it succeeded.
initiate() {
  swanctl_i --initiate --child "$1" --timeout "${2:-15}" >> "$TMP/swanctl.out" 2>&1
}

# run_charon_cmd PASSWORD ARGS...: charon-cmd in $NS_I (password on its
# standard input; "" for none) in the background, logging to
# $TMP/charon-cmd.log; waits until it established its CHILD SA or failed.
# 0 when established. $CLIENT_PID is its process.
run_charon_cmd() {
  local password=$1
  shift
  [ -e "$TMP/strongswan.conf" ] || write_strongswan_conf
  : > "$TMP/charon-cmd.log"
  printf '%s\n' "$password" | ip netns exec "$NS_I" env STRONGSWAN_CONF="$TMP/strongswan.conf" charon-cmd \
    --host "$ADDR_R" "$@" > "$TMP/charon-cmd.stdout" 2>&1 &
  CLIENT_PID=$!
  PIDS+=("$CLIENT_PID")
  wait_for "$TMP/charon-cmd.log" 'CHILD_SA .* established|failed|giving up|AUTHENTICATION_FAILED|NO_PROPOSAL_CHOSEN' 30 &&
    grep -q 'CHILD_SA .* established' "$TMP/charon-cmd.log"
}

# stop_charon_cmd: SIGINT to charon-cmd (it deletes its SA), waits for it.
stop_charon_cmd() {
  kill -INT "$CLIENT_PID" 2>/dev/null
  wait "$CLIENT_PID" 2>/dev/null
}

# strongswan_child_spis LOG: "IN OUT" of the last "CHILD_SA ... established
# with SPIs" line (strongSwan's inbound, outbound; hex without 0x).
strongswan_child_spis() {
  sed -n 's/.*CHILD_SA .* established with SPIs \([0-9a-f]*\)_i \([0-9a-f]*\)_o.*/\1 \2/p' "$1" | tail -n 1
}

# start_capture: dumpcap on veth-r into $TMP/capture.pcapng.
start_capture() {
  command -v dumpcap >/dev/null 2>&1 || interop_skip "'dumpcap' not found (scripts/deps.sh installs it)"
  command -v tshark >/dev/null 2>&1 || interop_skip "'tshark' not found (scripts/deps.sh installs it)"
  ip netns exec "$NS_R" dumpcap -q -i veth-r -w "$TMP/capture.pcapng" > "$TMP/dumpcap.log" 2>&1 &
  DUMPCAP_PID=$!
  PIDS+=("$DUMPCAP_PID")
  wait_for "$TMP/dumpcap.log" 'Capturing on' 10 || interop_fail "dumpcap did not start: $(cat "$TMP/dumpcap.log")"
}

# stop_capture: ends the capture (the file is complete afterwards).
stop_capture() {
  sleep 0.5
  kill -INT "$DUMPCAP_PID" 2>/dev/null
  wait "$DUMPCAP_PID" 2>/dev/null
}

# capture_problems: prints every packet tshark finds malformed or flags as an
# error or worse, with ikecore's key log (IKE and ESP decrypted). Nothing
# printed = clean.
capture_problems() {
  WIRESHARK_CONFIG_DIR="$TMP/keys" tshark -n -r "$TMP/capture.pcapng" \
    -o esp.enable_encryption_decode:TRUE -Y '_ws.malformed || _ws.expert.severity >= 0x00800000' 2>&1 |
    grep -v '^Running as user "root"'
}

# make_pki TYPE...: a test PKI made with openssl in $TMP/pki: ca.crt/ca.key
# (ECDSA P-256) and, for each TYPE (ecdsa: P-256, rsa: RSA-2048),
# server-TYPE.crt/.key (SAN DNS:vpn.interop.test) and client-TYPE.crt/.key
# (SAN email:carol@interop.test), keys in PKCS#8 PEM.
make_pki() {
  command -v openssl >/dev/null 2>&1 || interop_fail "'openssl' not found"
  local d="$TMP/pki"
  mkdir -p "$d"
  (
    cd "$d" || exit 1
    set -e
    openssl ecparam -name prime256v1 -genkey -noout -out ca.sec1
    openssl pkcs8 -topk8 -nocrypt -in ca.sec1 -out ca.key
    openssl req -x509 -new -key ca.key -sha256 -days 30 -subj "/O=ikecore interop/CN=ikecore interop CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
    local type who san cn
    for type in "$@"; do
      for who in server client; do
        if [ $who = server ]; then san="DNS:vpn.interop.test"; cn=vpn.interop.test
        else san="email:carol@interop.test"; cn=carol@interop.test; fi
        if [ "$type" = rsa ]; then
          openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $who-$type.key
        else
          openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $who-$type.key
        fi
        openssl req -new -key $who-$type.key -subj "/O=ikecore interop/CN=$cn" -out $who-$type.csr
        printf 'subjectAltName=%s\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' \
          "$san" > $who-$type.ext
        openssl x509 -req -in $who-$type.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -sha256 \
          -extfile $who-$type.ext -out $who-$type.crt
      done
    done
  ) > "$TMP/pki.log" 2>&1 || { cat "$TMP/pki.log"; interop_fail "making the test PKI failed"; }
}

# write_swanctl_psk IKE_PROPOSALS ESP_PROPOSALS SECRET ID...: the initiator's
# $TMP/swanctl/swanctl.conf: one PSK connection per identity ID (named after
# its local part: carol@interop.test -> "carol"), each asking for a virtual
# IP, with a child "net" to 10.99.1.0/24; the server is vpn.interop.test.
# "{id}" in SECRET stands for the local part (a secret per identity).
write_swanctl_psk() {
  local ike=$1 esp=$2 secret=$3 id
  shift 3
  mkdir -p "$TMP/swanctl"
  {
    echo "connections {"
    for id in "$@"; do
      cat <<EOF2
  ${id%%@*} {
    version = 2
    local_addrs = $ADDR_I
    remote_addrs = $ADDR_R
    proposals = $ike
    vips = 0.0.0.0
    keyingtries = 1
    local {
      auth = psk
      id = $id
    }
    remote {
      auth = psk
      id = vpn.interop.test
    }
    children {
      net {
        remote_ts = 10.99.1.0/24
        esp_proposals = $esp
        start_action = none
      }
    }
  }
EOF2
    done
    echo "}"
    echo "secrets {"
    for id in "$@"; do
      cat <<EOF2
  ike-${id%%@*} {
    id-1 = $id
    id-2 = vpn.interop.test
    secret = "${secret//\{id\}/${id%%@*}}"
  }
EOF2
    done
    echo "}"
  } > "$TMP/swanctl/swanctl.conf"
}

# write_config_psk FILE IKE_PROPOSALS ESP_PROPOSALS SECRET [LEGACY]: our
# configuration for write_swanctl_psk's clients: connection "psk" as
# vpn.interop.test, PSK both ways for every *@interop.test (one secret),
# pool 10.99.0.0/24, child "net" 10.99.1.0/24. LEGACY=yes allows legacy
# algorithms for IKE and ESP.
write_config_psk() {
  local file=$1 ike=$2 esp=$3 secret=$4 legacy=${5:-no}
  write_config "$file" <<EOF2
<ikecore-responder>
  <ike proposals="$ike" allow-legacy="$legacy"/>
  <credentials>
    <psk remote-id="carol@interop.test" secret="$secret"/>
  </credentials>
  <pool name="clients" range="10.99.0.0/24"/>
  <connection name="psk" local-id="vpn.interop.test" remote-id="*@interop.test"
              local-auth="psk" remote-auth="psk">
    <client pool="clients"/>
    <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0">
      <esp proposals="$esp" allow-legacy="$legacy"/>
    </child>
  </connection>
</ikecore-responder>
EOF2
}

# spi_hex HEX: HEX as our table prints SPIs (printf %x: "0a21" -> "a21").
spi_hex() {
  [ -n "$1" ] && printf '%x' "$((16#$1))"
}

# check_agree_swanctl SAS TABLE: with one IKE SA and one CHILD SA on each
# side (SAS: swanctl --list-sas, TABLE: responder_table), both name the same
# IKE SPIs, the same CHILD SPIs (crossed: their in is our out) and the same
# virtual IP.
check_agree_swanctl() {
  local sas=$1 table=$2 ike spi_i spi_r child_in child_out vip
  ike=$(sed -n 's/.* \([0-9a-f]\{16\}\)_i\* \([0-9a-f]\{16\}\)_r$/\1 \2/p' <<< "$sas" | head -n 1)
  spi_i=${ike% *}
  spi_r=${ike#* }
  check "the IKE SPIs agree (initiator '$spi_i', responder '$spi_r')" \
    grep -qi "Local spi: ${spi_r:-none} *Remote spi: ${spi_i:-none}" <<< "$table"
  child_in=$(sed -n 's/^ *in  \([0-9a-f]\{8\}\),.*/\1/p' <<< "$sas" | head -n 1)
  child_out=$(sed -n 's/^ *out \([0-9a-f]\{8\}\),.*/\1/p' <<< "$sas" | head -n 1)
  # Our table prints the SPIs with %x: no leading zeros.
  child_in=$(spi_hex "$child_in")
  child_out=$(spi_hex "$child_out")
  check "the CHILD SPIs agree (strongSwan in '$child_in', out '$child_out')" \
    grep -q "ESP spi in/out: 0x${child_out:-none}/0x${child_in:-none}\$" <<< "$table"
  vip=$(sed -n "s/^ *local  '.*' @ [0-9.]*\[[0-9]*\] \[\([0-9.]*\)\]\$/\1/p" <<< "$sas" | head -n 1)
  check "the virtual IP agrees (strongSwan has '$vip')" grep -q "Assigned host addr: ${vip:-none}\$" <<< "$table"
}

# check_agree_charon_cmd TABLE: the same for charon-cmd's log (it logs no
# IKE SPIs): the CHILD SPIs and the virtual IP.
check_agree_charon_cmd() {
  local table=$1 spis child_in child_out vip
  spis=$(strongswan_child_spis "$TMP/charon-cmd.log")
  child_in=$(spi_hex "${spis% *}")
  child_out=$(spi_hex "${spis#* }")
  check "the CHILD SPIs agree (strongSwan in '$child_in', out '$child_out')" \
    grep -q "ESP spi in/out: 0x${child_out:-none}/0x${child_in:-none}\$" <<< "$table"
  vip=$(sed -n 's/.*installing new virtual IP \([0-9.]*\).*/\1/p' "$TMP/charon-cmd.log" | tail -n 1)
  check "the virtual IP agrees (strongSwan installed '$vip')" grep -q "Assigned host addr: ${vip:-none}\$" <<< "$table"
}

# table_until REGEX SECONDS: asks for the SA table (SIGUSR1) every half
# second until a line of it matches REGEX or SECONDS pass; prints the last
# table; 0 if it matched.
table_until() {
  local regex=$1 tries=$(( $2 * 2 )) table i
  for i in $(seq 1 "$tries"); do
    table=$(responder_table)
    if grep -Eq -- "$regex" <<< "$table"; then echo "$table"; return 0; fi
    sleep 0.5
  done
  echo "$table"
  return 1
}

# both_views: sets and prints $sas (strongSwan's swanctl --list-sas) and
# $table (our SA table).
both_views() {
  sas=$(swanctl_i --list-sas 2>&1)
  echo "$sas" | sed 's/^/  swanctl --list-sas| /'
  table=$(responder_table)
  echo "$table" | sed 's/^/  ikecore| /'
}
