#!/bin/bash
# Interop scenario 1: PSK both ways, Curve25519, AES-GCM-16-256 (IKE and
# ESP). strongSwan's charon + swanctl initiates (charon-cmd cannot do PSK)
# and asks for a virtual IP. The veth is captured; tshark, given ikecore's
# key log (IKE SK payloads decrypted), must find no malformed packet.
#
# usage: psk_x25519_gcm.sh PATH/TO/ikecore-responder
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder}")
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
interop_setup psk

write_config_psk "$TMP/ikecore.xml" aes256gcm16-prfsha256-x25519 aes256gcm16 interop-psk-secret-1
write_swanctl_psk aes256gcm16-prfsha256-x25519 aes256gcm16 interop-psk-secret-1 carol@interop.test

start_capture
start_responder "$RESPONDER" --config "$TMP/ikecore.xml"
start_swanctl_charon
check "swanctl --initiate succeeded" initiate net

both_views

check "strongSwan: IKE SA ESTABLISHED" grep -qE '^carol: #[0-9]+, ESTABLISHED, IKEv2' <<< "$sas"
check "strongSwan: AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519" \
  grep -q '^  AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519$' <<< "$sas"
check "strongSwan: CHILD SA INSTALLED, ESP AES_GCM_16-256" \
  grep -qE '^  net: #[0-9]+, reqid [0-9]+, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256$' <<< "$sas"
check "strongSwan: authentication of 'vpn.interop.test' with pre-shared key successful" \
  grep -q "authentication of 'vpn.interop.test' with pre-shared key successful" "$TMP/charon.log"
check "ikecore: the IKE SA is READY" \
  grep -qE '^ +[0-9]+ +10\.77\.0\.1:4500 +10\.77\.0\.2:4500 +READY +RESPONDER' <<< "$table"
check "ikecore: Auth sign: PSK, Auth verify: PSK" grep -q 'Auth sign: PSK, Auth verify: PSK$' <<< "$table"
check "ikecore: AES-GCM-16-256, DH Grp:31 (Curve25519)" \
  grep -q 'Encr: ENCR_AES_GCM_16, keysize: 256, Hash: None, DH Grp:31,' <<< "$table"
check "ikecore: ESP AES-GCM-16-256" grep -q '^ *Encr: ENCR_AES_GCM_16, keysize: 256, esp_hmac: None$' <<< "$table"
check "ikecore: IKE SAs: 1, CHILD SAs installed: 1" grep -q '^IKE SAs: 1, CHILD SAs installed: 1,' <<< "$table"
check_agree_swanctl "$sas" "$table"
check "the virtual IP is the pool's first, 10.99.0.1" grep -q 'Assigned host addr: 10.99.0.1$' <<< "$table"

swanctl_i --terminate --ike carol --timeout 10 >> "$TMP/swanctl.out" 2>&1
check "ikecore saw strongSwan's DELETE" wait_for "$TMP/responder.log" 'IKE SA deleted: deleted by the peer' 10
stop_responder
stop_capture
decrypted=$(WIRESHARK_CONFIG_DIR="$TMP/keys" tshark -n -r "$TMP/capture.pcapng" -Y 'isakmp.auth.method' 2>/dev/null | wc -l)
check "tshark decrypts IKE_AUTH with ikecore's key log ($decrypted AUTH payloads)" [ "$decrypted" -ge 2 ]
problems=$(capture_problems)
[ -z "$problems" ] || echo "$problems" | sed 's/^/  tshark| /'
check "tshark finds no malformed packet ($(tshark -n -r "$TMP/capture.pcapng" 2>/dev/null | wc -l) packets)" [ -z "$problems" ]
interop_finish "PSK, Curve25519, AES-GCM-16-256"
