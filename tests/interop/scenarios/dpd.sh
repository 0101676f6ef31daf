#!/bin/bash
# Dead peer detection against strongSwan (RFC 7296 §2.4), with short timers.
#
# usage: dpd.sh PATH/TO/ikecore-responder ours|theirs
#   ours    our DPD (2 s, 2 retries, retransmissions after 1 s, 2 s) against
#           a charon-cmd client killed with SIGKILL: no DELETE reaches us, and
#           within the DPD time its SA, CHILD SA and lease are gone.
#   theirs  strongSwan's DPD (dpd_delay = 2s) against us: its liveness checks
#           are answered, the SA stays up across several of them.
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder ours|theirs}")
CASE=${2:?usage: $0 PATH/TO/ikecore-responder ours|theirs}
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
interop_setup "dpd$CASE"

case $CASE in
  ours)
    # The default configuration with DPD shortened.
    "$RESPONDER" --print-default-config |
      sed 's/dpd="10s" dpd-retries="2" retransmit="2s"/dpd="2s" dpd-retries="2" retransmit="1s"/' |
      write_config "$TMP/ikecore.xml"
    grep -q 'dpd="2s"' "$TMP/ikecore.xml" || interop_fail "could not shorten DPD in the default configuration"
    start_responder "$RESPONDER" --config "$TMP/ikecore.xml" --debug
    check "charon-cmd established its CHILD SA" \
      run_charon_cmd ikecore-demo --identity alice --remote-identity vpn.ikecore.test --profile ikev2-eap \
        --cert "$TMP/state/ca.crt" --ike-proposal aes256gcm16-prfsha256-x25519 --esp-proposal aes256gcm16
    table=$(responder_table)
    check "ikecore: DPD configured: 2/2" grep -q 'DPD configured: 2/2$' <<< "$table"
    check "ikecore: the client has 10.99.0.1" grep -q 'Assigned host addr: 10.99.0.1$' <<< "$table"
    # The client vanishes without a word.
    kill -KILL "$CLIENT_PID"
    wait "$CLIENT_PID" 2>/dev/null
    # Quiet for 2 s, then checks at +0, +1 s, +3 s, given up at +7 s.
    check "ikecore: liveness checks sent and retransmitted" \
      wait_for "$TMP/responder.log" 'INFORMATIONAL request 0 \(liveness check\) retransmitted \(2\)' 15
    check "ikecore: the dead peer's SA is removed" \
      wait_for "$TMP/responder.log" 'IKE SA deleted: dead peer: no answer to the liveness check' 15
    table=$(responder_table)
    echo "$table" | sed 's/^/  ikecore| /'
    check "ikecore: IKE SAs: 0, CHILD SAs installed: 0, address leases: 0" \
      grep -q '^IKE SAs: 0, CHILD SAs installed: 0, address leases: 0,' <<< "$table"
    check "ikecore: the installer removed the CHILD SA" grep -q '^installer: CHILD SA removed' "$TMP/responder.log"
    # Nothing else was disturbed: the next client connects.
    check "a new client connects" \
      run_charon_cmd ikecore-demo2 --identity bob --remote-identity vpn.ikecore.test --profile ikev2-eap \
        --cert "$TMP/state/ca.crt" --ike-proposal aes256gcm16-prfsha256-x25519 --esp-proposal aes256gcm16
    stop_charon_cmd
    ;;
  theirs)
    write_config_psk "$TMP/ikecore.xml" aes256gcm16-prfsha256-x25519 aes256gcm16 interop-psk-secret-dpd
    write_swanctl_psk aes256gcm16-prfsha256-x25519 aes256gcm16 interop-psk-secret-dpd carol@interop.test
    sed -i 's/^    keyingtries = 1$/    keyingtries = 1\n    dpd_delay = 2s/' "$TMP/swanctl/swanctl.conf"
    grep -q 'dpd_delay = 2s' "$TMP/swanctl/swanctl.conf" || interop_fail "could not set dpd_delay"
    start_responder "$RESPONDER" --config "$TMP/ikecore.xml" --debug
    start_swanctl_charon
    check "swanctl --initiate succeeded" initiate net
    sleep 7
    both_views
    dpds=$(grep -c 'INFORMATIONAL request [0-9]* from .*: $' "$TMP/responder.log")
    check "ikecore answered strongSwan's liveness checks ($dpds of at least 2)" [ "$dpds" -ge 2 ]
    check "strongSwan: still ESTABLISHED after its DPD rounds" grep -qE '^carol: #[0-9]+, ESTABLISHED, IKEv2' <<< "$sas"
    check "strongSwan: no retransmission of its checks" eval "! grep -q 'retransmit' \"\$TMP/charon.log\""
    check "ikecore: the IKE SA is READY" grep -qE ' READY +RESPONDER$' <<< "$table"
    swanctl_i --terminate --ike carol --timeout 10 >> "$TMP/swanctl.out" 2>&1
    ;;
  *) echo "unknown case $CASE" >&2; exit 2 ;;
esac
stop_responder
interop_finish "DPD, $CASE"
