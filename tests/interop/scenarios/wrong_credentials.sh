#!/bin/bash
# Interop scenario 8: wrong credentials are refused and leave nothing behind.
#
# usage: wrong_credentials.sh PATH/TO/ikecore-responder eap|eap-md5|psk
#   eap      charon-cmd with a wrong EAP-MSCHAPv2 password (default
#            configuration). strongSwan sees our MSCHAPv2 failure packet
#            (E=691), fails the method and itself sends INFORMATIONAL
#            N(AUTHENTICATION_FAILED) before dropping its IKE SA
#   eap-md5  charon-cmd with a wrong EAP-MD5 password (a configuration
#            offering only md5): we decide, strongSwan receives
#            AUTHENTICATION_FAILED
#   psk      charon + swanctl with a wrong PSK: strongSwan receives
#            AUTHENTICATION_FAILED
# ikecore must then hold no SA (table: "IKE SAs: 0") and no lease: the next,
# correct, connection gets the pool's FIRST address, 10.99.0.1.
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder eap|eap-md5|psk}")
KIND=${2:?usage: $0 PATH/TO/ikecore-responder eap|eap-md5|psk}
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
case $KIND in eap|eap-md5|psk) ;; *) echo "unknown kind $KIND" >&2; exit 2 ;; esac
interop_setup "bad${KIND%-*}"

if [ "$KIND" != psk ]; then
  config=()
  if [ "$KIND" = eap-md5 ]; then
    write_config "$TMP/ikecore.xml" <<EOF2
<ikecore-responder>
  <credentials>
    <generated-pki server-name="vpn.ikecore.test"/>
    <eap-user name="alice" password="ikecore-demo"/>
  </credentials>
  <pool name="clients" range="10.99.0.0/24"/>
  <connection name="eap-md5" local-id="vpn.ikecore.test" remote-id="%any"
              local-auth="pubkey" remote-auth="eap" eap-methods="md5">
    <client pool="clients"/>
    <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0"/>
  </connection>
</ikecore-responder>
EOF2
    config=(--config "$TMP/ikecore.xml")
  fi
  start_responder "$RESPONDER" "${config[@]}"
  cmd_args=(--identity alice --remote-identity vpn.ikecore.test --profile ikev2-eap --cert "$TMP/state/ca.crt"
            --ike-proposal aes256gcm16-prfsha256-x25519 --esp-proposal aes256gcm16)
  check "charon-cmd with a wrong password does not establish" eval '! run_charon_cmd wrong-password "${cmd_args[@]}"'
  # charon-cmd gives up on its own after the failure; wait for it.
  for _ in $(seq 1 100); do kill -0 "$CLIENT_PID" 2>/dev/null || break; sleep 0.1; done
  stop_charon_cmd
  cp "$TMP/charon-cmd.log" "$TMP/charon-cmd.failed.log"
  grep -E 'EAP|AUTH_FAILED|AUTHENTICATION_FAILED|authentication of' "$TMP/charon-cmd.failed.log" |
    sed 's/^/  charon-cmd (wrong)| /'
  if [ "$KIND" = eap ]; then
    check "strongSwan: EAP-MS-CHAPv2 failed with error ERROR_AUTHENTICATION_FAILURE" \
      grep -q 'EAP-MS-CHAPv2 failed with error ERROR_AUTHENTICATION_FAILURE' "$TMP/charon-cmd.failed.log"
    check "strongSwan: sent INFORMATIONAL N(AUTH_FAILED)" \
      grep -qE 'generating INFORMATIONAL request [0-9]+ \[ N\(AUTH_FAILED\) \]' "$TMP/charon-cmd.failed.log"
  else
    check "strongSwan: received AUTHENTICATION_FAILED notify error" \
      grep -q 'received AUTHENTICATION_FAILED notify error' "$TMP/charon-cmd.failed.log"
  fi
  check "strongSwan: no IKE SA established" \
    eval '! grep -q "IKE_SA cmd\[1\] established" "$TMP/charon-cmd.failed.log"'
else
  write_config_psk "$TMP/ikecore.xml" default default right-psk-secret
  write_swanctl_psk aes256gcm16-prfsha256-x25519 aes256gcm16 wrong-psk-secret carol@interop.test
  start_responder "$RESPONDER" --config "$TMP/ikecore.xml"
  start_swanctl_charon
  check "swanctl --initiate with a wrong PSK fails" eval '! initiate net'
  grep -E 'AUTHENTICATION_FAILED|authentication of' "$TMP/charon.log" | sed 's/^/  charon (wrong)| /'
  check "strongSwan: received AUTHENTICATION_FAILED notify error" \
    grep -q 'received AUTHENTICATION_FAILED notify error' "$TMP/charon.log"
  check "strongSwan: no IKE SA left" eval '! swanctl_i --list-sas 2>&1 | grep -q ESTABLISHED'
fi

# The failed SA must be gone (not merely timing out: give it 3 seconds).
table=$(table_until '^IKE SAs: 0,' 3)
echo "$table" | sed 's/^/  ikecore (after the failure)| /'
check "ikecore: IKE SAs: 0, CHILD SAs installed: 0, address leases: 0" \
  grep -q '^IKE SAs: 0, CHILD SAs installed: 0, address leases: 0,' <<< "$table"
check "ikecore: no Assigned host addr" eval '! grep -q "Assigned host addr" <<< "$table"'
check "ikecore: no SA established" eval '! grep -q "IKE SA established" "$TMP/responder.log"'

# Now the right credentials: the first pool address must be free again.
if [ "$KIND" != psk ]; then
  check "charon-cmd with the right password established its CHILD SA" \
    run_charon_cmd ikecore-demo "${cmd_args[@]}"
else
  write_swanctl_psk aes256gcm16-prfsha256-x25519 aes256gcm16 right-psk-secret carol@interop.test
  swanctl_i --load-all --clear --file "$TMP/swanctl/swanctl.conf" >> "$TMP/swanctl.out" 2>&1
  check "swanctl --initiate with the right PSK succeeded" initiate net
fi
table=$(responder_table)
echo "$table" | sed 's/^/  ikecore (after the good connection)| /'
check "ikecore: IKE SAs: 1, CHILD SAs installed: 1" grep -q '^IKE SAs: 1, CHILD SAs installed: 1,' <<< "$table"
check "ikecore: the IKE SA is READY" grep -qE ' READY +RESPONDER$' <<< "$table"
check "the good connection got the pool's first address, 10.99.0.1" \
  grep -q 'Assigned host addr: 10.99.0.1$' <<< "$table"
if [ "$KIND" != psk ]; then
  check_agree_charon_cmd "$table"
  stop_charon_cmd
else
  check_agree_swanctl "$(swanctl_i --list-sas 2>&1)" "$table"
fi
stop_responder
interop_finish "wrong $KIND credentials refused, nothing left behind"
