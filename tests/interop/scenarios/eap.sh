#!/bin/bash
# Interop scenarios 2 and 4: server certificate (RSA, the <generated-pki>)
# + client EAP, strongSwan's charon-cmd as the client (--profile ikev2-eap,
# password on standard input), asking for a virtual IP.
#
# usage: eap.sh PATH/TO/ikecore-responder mschapv2|md5|gtc
#   mschapv2  the default configuration (no --config), as scripts/demo.sh
#   md5, gtc  a configuration whose connection offers only that method
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder mschapv2|md5|gtc}")
METHOD=${2:?usage: $0 PATH/TO/ikecore-responder mschapv2|md5|gtc}
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
case $METHOD in
  # strongSwan's name, its MSK words, our Auth verify
  mschapv2) ss_method=EAP_MSCHAPV2; msk="MSK established"; ours=EAP-MSCHAPV2 ;;
  md5) ss_method=EAP_MD5; msk="no MSK established"; ours=EAP-MD5_CHALLENGE ;;
  gtc) ss_method=EAP_GTC; msk="no MSK established"; ours=EAP-GTC ;;
  *) echo "unknown EAP method $METHOD" >&2; exit 2 ;;
esac
interop_setup "eap$METHOD"

config=()
connection=eap  # the default configuration's
if [ "$METHOD" != mschapv2 ]; then
  write_config "$TMP/ikecore.xml" <<EOF2
<ikecore-responder>
  <credentials>
    <generated-pki server-name="vpn.ikecore.test"/>
    <eap-user name="alice" password="ikecore-demo"/>
  </credentials>
  <pool name="clients" range="10.99.0.0/24"/>
  <connection name="eap-$METHOD" local-id="vpn.ikecore.test" remote-id="%any"
              local-auth="pubkey" remote-auth="eap" eap-methods="$METHOD">
    <client pool="clients"/>
    <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0"/>
  </connection>
</ikecore-responder>
EOF2
  config=(--config "$TMP/ikecore.xml")
  connection=eap-$METHOD
fi
start_responder "$RESPONDER" "${config[@]}"
check "charon-cmd established its CHILD SA" \
  run_charon_cmd ikecore-demo --identity alice --remote-identity vpn.ikecore.test --profile ikev2-eap \
    --cert "$TMP/state/ca.crt" --ike-proposal aes256gcm16-prfsha256-x25519 --esp-proposal aes256gcm16

table=$(responder_table)
echo "$table" | sed 's/^/  ikecore| /'
grep -E 'EAP|authentication of|established|virtual IP' "$TMP/charon-cmd.log" | sed 's/^/  charon-cmd| /'

check "strongSwan: EAP method $ss_method succeeded, $msk" \
  grep -q "EAP method $ss_method succeeded, $msk\$" "$TMP/charon-cmd.log"
check "strongSwan: authentication of 'vpn.ikecore.test' with RSA_EMSA_PKCS1_SHA2_256 successful" \
  grep -q "authentication of 'vpn.ikecore.test' with RSA_EMSA_PKCS1_SHA2_256 successful" "$TMP/charon-cmd.log"
check "strongSwan: IKE SA established" grep -q 'IKE_SA cmd\[1\] established between' "$TMP/charon-cmd.log"
check "ikecore: the IKE SA is READY" grep -qE ' READY +RESPONDER$' <<< "$table"
check "ikecore: Auth sign: RSA (RFC 7427), Auth verify: $ours" \
  grep -q "Auth sign: RSA (RFC 7427), Auth verify: $ours\$" <<< "$table"
check "ikecore: Remote id: alice" grep -q '^ *Remote id: alice$' <<< "$table"
check "ikecore: Connection: $connection" grep -q "^ *Connection: $connection\$" <<< "$table"
check "ikecore: IKE SAs: 1, CHILD SAs installed: 1" grep -q '^IKE SAs: 1, CHILD SAs installed: 1,' <<< "$table"
check "the virtual IP is the pool's first, 10.99.0.1" grep -q 'Assigned host addr: 10.99.0.1$' <<< "$table"
check_agree_charon_cmd "$table"
stop_charon_cmd
check "ikecore saw charon-cmd's DELETE" wait_for "$TMP/responder.log" 'IKE SA deleted: deleted by the peer' 10
stop_responder
interop_finish "server certificate + EAP $METHOD + virtual IP"
