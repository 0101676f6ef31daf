#!/bin/bash
# Interop scenarios 3 and 5: certificates on both sides (no EAP). A test CA
# (openssl, made per run) issues the server's and the client's certificate;
# our configuration names its <certificate> and trusts the CA with <ca>;
# strongSwan's charon + swanctl authenticates with its certificate and asks
# for a virtual IP. Both announce SIGNATURE_HASH_ALGORITHMS, so both sign
# with RFC 7427 digital signatures.
#
# usage: certs.sh PATH/TO/ikecore-responder ecdsa|rsa
#   ecdsa  ECDSA P-256 certificates (scenario 3)
#   rsa    RSA-2048 certificates, RFC 7427 RSA PKCS#1 v1.5 with SHA2-256
#          both ways (scenario 5)
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder ecdsa|rsa}")
TYPE=${2:?usage: $0 PATH/TO/ikecore-responder ecdsa|rsa}
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
case $TYPE in
  # strongSwan's name of the scheme | ours in the table
  ecdsa) ss_scheme=ECDSA_WITH_SHA256_DER; ours="ECDSA (RFC 7427)" ;;
  rsa) ss_scheme=RSA_EMSA_PKCS1_SHA2_256; ours="RSA (RFC 7427)" ;;
  *) echo "unknown key type $TYPE" >&2; exit 2 ;;
esac
interop_setup "cert$TYPE"
make_pki "$TYPE"

write_config "$TMP/ikecore.xml" <<EOF2
<ikecore-responder>
  <credentials>
    <certificate cert="pki/server-$TYPE.crt" key="pki/server-$TYPE.key"/>
    <ca file="pki/ca.crt"/>
  </credentials>
  <pool name="clients" range="10.99.0.0/24"/>
  <connection name="pub" local-id="vpn.interop.test" remote-id="carol@interop.test"
              local-auth="pubkey" remote-auth="pubkey">
    <client pool="clients"/>
    <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0"/>
  </connection>
</ikecore-responder>
EOF2

mkdir -p "$TMP/swanctl/x509" "$TMP/swanctl/x509ca" "$TMP/swanctl/private"
cp "$TMP/pki/ca.crt" "$TMP/swanctl/x509ca/"
cp "$TMP/pki/client-$TYPE.crt" "$TMP/swanctl/x509/"
cp "$TMP/pki/client-$TYPE.key" "$TMP/swanctl/private/"
cat > "$TMP/swanctl/swanctl.conf" <<EOF2
connections {
  carol {
    version = 2
    local_addrs = $ADDR_I
    remote_addrs = $ADDR_R
    proposals = aes256gcm16-prfsha256-x25519
    vips = 0.0.0.0
    keyingtries = 1
    local {
      auth = pubkey
      certs = client-$TYPE.crt
      id = carol@interop.test
    }
    remote {
      auth = pubkey
      id = vpn.interop.test
    }
    children {
      net {
        remote_ts = 10.99.1.0/24
        esp_proposals = aes256gcm16
        start_action = none
      }
    }
  }
}
EOF2

start_responder "$RESPONDER" --config "$TMP/ikecore.xml"
start_swanctl_charon
check "swanctl --initiate succeeded" initiate net

both_views
grep -E 'signature hash algorithms|authentication of|certificate' "$TMP/charon.log" | sed 's/^/  charon| /'

check "strongSwan: both sides announced RFC 7427 (sent and received SIGNATURE_HASH_ALGORITHMS)" \
  eval 'grep -q "sending supported signature hash algorithms" "$TMP/charon.log" &&
        grep -q "received supported signature hash algorithms" "$TMP/charon.log"'
check "strongSwan: authentication of 'carol@interop.test' (myself) with $ss_scheme successful" \
  grep -q "authentication of 'carol@interop.test' (myself) with $ss_scheme successful" "$TMP/charon.log"
check "strongSwan: authentication of 'vpn.interop.test' with $ss_scheme successful" \
  grep -q "authentication of 'vpn.interop.test' with $ss_scheme successful" "$TMP/charon.log"
check "strongSwan: IKE SA ESTABLISHED" grep -qE '^carol: #[0-9]+, ESTABLISHED, IKEv2' <<< "$sas"
check "strongSwan: CHILD SA INSTALLED" grep -qE '^  net: #[0-9]+, reqid [0-9]+, INSTALLED, ' <<< "$sas"
check "ikecore: the IKE SA is READY" grep -qE ' READY +RESPONDER$' <<< "$table"
check "ikecore: Auth sign: $ours, Auth verify: $ours" grep -qF "Auth sign: $ours, Auth verify: $ours" <<< "$table"
check "ikecore: Remote id: carol@interop.test" grep -q '^ *Remote id: carol@interop.test$' <<< "$table"
check "ikecore: IKE SAs: 1, CHILD SAs installed: 1" grep -q '^IKE SAs: 1, CHILD SAs installed: 1,' <<< "$table"
check_agree_swanctl "$sas" "$table"
swanctl_i --terminate --ike carol --timeout 10 >> "$TMP/swanctl.out" 2>&1
check "ikecore saw strongSwan's DELETE" wait_for "$TMP/responder.log" 'IKE SA deleted: deleted by the peer' 10
stop_responder
interop_finish "$TYPE certificates both ways"
