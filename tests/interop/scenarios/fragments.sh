#!/bin/bash
# RFC 7383 fragmentation both ways against strongSwan, at the seed's size:
# strongSwan's fragment_size and ours are 544 bytes (IP datagram), and
# IKE_AUTH carries certificates both ways (RSA-2048; ours with the CA after
# the leaf), so the request and the response each need several fragments.
# Then our shutdown (SIGTERM) deletes the SA, and strongSwan reports it.
#
# usage: fragments.sh PATH/TO/ikecore-responder
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder}")
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
interop_setup frag
make_pki rsa
cat "$TMP/pki/server-rsa.crt" "$TMP/pki/ca.crt" > "$TMP/pki/server-chain.crt"

write_config "$TMP/ikecore.xml" <<EOF2
<ikecore-responder>
  <fragmentation enabled="yes" size="544"/>
  <credentials>
    <certificate cert="pki/server-chain.crt" key="pki/server-rsa.key"/>
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
cp "$TMP/pki/client-rsa.crt" "$TMP/swanctl/x509/"
cp "$TMP/pki/client-rsa.key" "$TMP/swanctl/private/"
cat > "$TMP/swanctl/swanctl.conf" <<EOF2
connections {
  carol {
    version = 2
    local_addrs = $ADDR_I
    remote_addrs = $ADDR_R
    proposals = aes256gcm16-prfsha256-x25519
    vips = 0.0.0.0
    keyingtries = 1
    fragmentation = yes
    local {
      auth = pubkey
      certs = client-rsa.crt
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

start_responder "$RESPONDER" --config "$TMP/ikecore.xml" --debug
start_swanctl_charon "fragment_size = 544"
check "swanctl --initiate succeeded" initiate net
both_views
grep -E 'fragment|IKE_AUTH' "$TMP/charon.log" | sed 's/^/  charon| /'

sent=$(sed -n 's/.*splitting IKE message (\([0-9]*\) bytes) into \([0-9]*\) fragments.*/\2/p' "$TMP/charon.log" | head -n 1)
check "strongSwan split its IKE_AUTH request into ${sent:-no} fragments (at least 3)" [ "${sent:-0}" -ge 3 ]
ours=$(sed -n 's/.*IKE_AUTH response 1 to .* in \([0-9]*\) datagram(s).*/\1/p' "$TMP/responder.log" | head -n 1)
check "we split our IKE_AUTH response into ${ours:-no} fragments (at least 3)" [ "${ours:-0}" -ge 3 ]
check "strongSwan reassembled them" grep -qE 'IKE_AUTH response 1 \[ EF\(1/[0-9]+\) \]|reassembled fragmented IKE message' "$TMP/charon.log"
check "strongSwan: authentication of 'vpn.interop.test' with RSA_EMSA_PKCS1_SHA2_256 successful" \
  grep -q "authentication of 'vpn.interop.test' with RSA_EMSA_PKCS1_SHA2_256 successful" "$TMP/charon.log"
check "strongSwan: IKE SA ESTABLISHED" grep -qE '^carol: #[0-9]+, ESTABLISHED, IKEv2' <<< "$sas"
check "ikecore: the IKE SA is READY, the peer's fragmentation noted" grep -qE ' READY +RESPONDER$' <<< "$table"
check "ikecore: IKE SAs: 1, CHILD SAs installed: 1" grep -q '^IKE SAs: 1, CHILD SAs installed: 1,' <<< "$table"
check_agree_swanctl "$sas" "$table"
# Every datagram we sent fits the size (strongSwan logs the UDP payload;
# the IPv4 and UDP headers add 28 bytes).
check "no datagram we sent was larger than 544 bytes" \
  eval "! grep -E 'received packet: from 10\\.77\\.0\\.1\\[4500\\] to 10\\.77\\.0\\.2\\[4500\\] \\(([0-9]+) bytes\\)' \"\$TMP/charon.log\" |
        sed -n 's/.*(\\([0-9]*\\) bytes).*/\\1/p' | awk '\$1 + 28 > 544 { bad = 1 } END { exit !bad }'"

# Our shutdown deletes the SA; strongSwan hears of it.
stop_responder
check "strongSwan: received DELETE for the IKE SA" wait_for "$TMP/charon.log" 'received DELETE for IKE_SA carol' 10
interop_finish "RFC 7383 fragments at 544 bytes both ways; our shutdown DELETE"
