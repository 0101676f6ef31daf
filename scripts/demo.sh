#!/usr/bin/env bash
# scripts/demo.sh: the main job, end to end on this machine.
#
#   1. installs what it needs (scripts/deps.sh) and builds ikecore-responder
#      (the `release` preset; only errors are printed);
#   2. makes two network namespaces joined by a veth pair: the headend at
#      10.77.0.1, the client at 10.77.0.2 (tests/interop/lib.sh);
#   3. starts ikecore-responder with its embedded default configuration (it
#      generates a CA and a server certificate for vpn.ikecore.test) and its
#      --keylog, capturing the veth with dumpcap;
#   4. connects strongSwan's charon-cmd: server certificate + EAP-MSCHAPv2
#      as alice, asking for a virtual IP, AES-GCM-16 for IKE and ESP;
#   5. pings 10.99.1.1 (behind the headend) from the client's virtual IP;
#   6. prints both views: ikecore's SA table (SIGUSR1) and strongSwan's log;
#   7. disconnects the client, stops the headend (SIGTERM) and checks that
#      tshark, given only ikecore's key log, decrypts the client's ESP packets
#      and finds the ICMP echo requests inside with the ICV verified, and that
#      it finds no malformed packet in the whole capture.
# Exits 0 only if all of that holds. Needs root (network namespaces).
#
# `scripts/demo.sh --responder BINARY` skips steps 1's install and build and
# runs BINARY: the interop test `interop_demo` runs it so.
# IKECORE_INTEROP_KEEP=1 keeps the run's directory (logs, capture, keys).
set -u -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
jobs=${JOBS:-2}

RESPONDER=
if [ "${1:-}" = --responder ]; then
  RESPONDER=$(readlink -f "${2:?--responder needs a path}")
fi

if [ "$(id -u)" != 0 ]; then
  echo "demo: needs root (network namespaces and port 500)" >&2
  [ -n "$RESPONDER" ] && exit 77  # as a test: skipped
  exit 1
fi
if [ -z "$RESPONDER" ]; then
  bash scripts/deps.sh | tail -n 1 || { echo "demo: installing the packages failed" >&2; exit 1; }
  log_dir=build/release/demo-logs
  mkdir -p "$log_dir"
  if ! cmake --preset release > "$log_dir/configure.log" 2>&1 ||
     ! cmake --build --preset release --parallel "$jobs" --target ikecore-responder > "$log_dir/build.log" 2>&1; then
    grep -Ev '^\[[0-9]+/[0-9]+\] ' "$log_dir/configure.log" "$log_dir/build.log" >&2
    echo "demo: building ikecore-responder failed" >&2
    exit 1
  fi
  RESPONDER=$root/build/release/bin/ikecore-responder
fi

. tests/interop/lib.sh
IKECORE_INTEROP_REQUIRED=1
interop_setup demo

step() { printf '\n== %s\n' "$*"; }
failed=()
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; failed+=("$what"); fi
}

step "capturing veth-r in $NS_R"
ip netns exec "$NS_R" dumpcap -q -i veth-r -w "$TMP/demo.pcapng" > "$TMP/dumpcap.log" 2>&1 &
DUMPCAP_PID=$!
PIDS+=("$DUMPCAP_PID")
wait_for "$TMP/dumpcap.log" 'Capturing on' 10 || interop_fail "dumpcap did not start: $(cat "$TMP/dumpcap.log")"

step "starting ikecore-responder (default configuration) at $ADDR_R"
start_responder "$RESPONDER"
sed -n '1,/ready/p' "$TMP/responder.log"

step "connecting strongSwan's charon-cmd from $ADDR_I: EAP-MSCHAPv2 as alice, asking for a virtual IP"
write_strongswan_conf
printf 'ikecore-demo\n' | ip netns exec "$NS_I" env STRONGSWAN_CONF="$TMP/strongswan.conf" charon-cmd \
  --host "$ADDR_R" --identity alice --remote-identity vpn.ikecore.test --profile ikev2-eap \
  --cert "$TMP/state/ca.crt" --ike-proposal aes256gcm16-prfsha256-x25519 --esp-proposal aes256gcm16 \
  > "$TMP/charon-cmd.stdout" 2>&1 &
CLIENT_PID=$!
PIDS+=("$CLIENT_PID")
if ! wait_for "$TMP/charon-cmd.log" 'CHILD_SA .* established|failed|giving up' 30 ||
   ! grep -q 'CHILD_SA .* established' "$TMP/charon-cmd.log"; then
  sed 's/^/  charon-cmd| /' "$TMP/charon-cmd.log"
  sed 's/^/  responder| /' "$TMP/responder.log"
  interop_fail "strongSwan did not establish the tunnel"
fi
vip=$(sed -n 's/.*installing new virtual IP \([0-9.]*\).*/\1/p' "$TMP/charon-cmd.log" | tail -n 1)

step "pinging 10.99.1.1 from the client's virtual IP $vip through the tunnel"
echo "(this kernel cannot install ESP SAs and ikecore-responder has no ESP stack: the echo requests"
echo " reach the headend as ESP and get no reply; tshark proves their content below)"
ip netns exec "$NS_I" ping -c 3 -i 0.3 -W 1 -I "$vip" 10.99.1.1 | grep -E 'transmitted' || true

step "ikecore-responder's view (SIGUSR1: show crypto ikev2 sa detail)"
table=$(responder_table)
echo "$table"

step "strongSwan's view"
grep -E 'IKE_SA .* established|CHILD_SA .* established|installing new virtual IP' "$TMP/charon-cmd.log" |
  sed 's/^[0-9]*\[[A-Z]*\] //'

# Both sides must agree: the SA is up, alice has the virtual IP, and the
# SPIs are the same pair seen from the two ends.
spis=$(sed -n 's/.*CHILD_SA .* established with SPIs \([0-9a-f]*\)_i \([0-9a-f]*\)_o.*/\1 \2/p' "$TMP/charon-cmd.log" | tail -n 1)
client_in=${spis% *}
client_out=${spis#* }
# The table prints SPIs as the ASA does: hex without leading zeros.
table_spis=$(printf '0x%x/0x%x' "0x$client_out" "0x$client_in")
step "checks"
check "ikecore's IKE SA is READY" grep -q 'READY' <<< "$table"
check "ikecore assigned $vip to alice" grep -q "Assigned host addr: $vip\$" <<< "$table"
check "ikecore authenticated alice with EAP-MSCHAPv2" grep -q 'Auth verify: EAP-MSCHAPV2' <<< "$table"
check "the CHILD SA's SPIs agree (ours in 0x$client_out = strongSwan's out, ours out 0x$client_in = strongSwan's in)" \
  grep -q "ESP spi in/out: $table_spis\$" <<< "$table"

step "disconnecting the client, stopping the headend"
kill -INT "$CLIENT_PID"
wait "$CLIENT_PID" 2>/dev/null
check "ikecore saw the client's DELETE" wait_for "$TMP/responder.log" 'IKE SA deleted: deleted by the peer' 10
stop_responder
echo "ok: ikecore-responder exited 0 after SIGTERM"
sleep 0.5
kill -INT "$DUMPCAP_PID"
wait "$DUMPCAP_PID" 2>/dev/null

step "tshark decrypts the client's ESP with ikecore's key log ($TMP/keys)"
WIRESHARK_CONFIG_DIR="$TMP/keys" tshark -n -r "$TMP/demo.pcapng" \
  -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE \
  -Y 'esp && icmp' -T fields -E separator=' ' \
  -e esp.spi -e esp.sequence -e ip.src -e ip.dst -e icmp.type -e esp.icv_good 2> "$TMP/tshark.err" |
  tee "$TMP/decrypted.txt" | sed 's/^/  SPI, seq, inner src, inner dst, ICMP type, ICV good: /'
good=$(awk -v spi="0x$client_out" -v vip="$vip" \
  '$1 == spi && $3 ~ vip && $4 ~ /10\.99\.1\.1/ && $5 == 8 && $6 == 1' "$TMP/decrypted.txt" | wc -l)
check "tshark found the echo requests inside ESP SPI 0x$client_out with the ICV checked ($good of 3)" [ "$good" -ge 3 ]
check "tshark had no complaint about the key log" [ -z "$(grep -v '^Running as user' "$TMP/tshark.err")" ]
malformed=$(WIRESHARK_CONFIG_DIR="$TMP/keys" tshark -n -r "$TMP/demo.pcapng" \
  -o esp.enable_encryption_decode:TRUE -Y '_ws.malformed || _ws.expert.severity >= 0x00800000' 2>/dev/null | wc -l)
check "no malformed packet in the capture ($(tshark -n -r "$TMP/demo.pcapng" 2>/dev/null | wc -l) packets, IKE decrypted too)" \
  [ "$malformed" = 0 ]

if [ ${#failed[@]} -ne 0 ]; then
  printf '\ndemo: FAILED: %s\n' "${failed[@]}"
  exit 1
fi
printf '\ndemo: OK: strongSwan connected to ikecore-responder, got %s, and its ESP decrypts with our keys\n' "$vip"
