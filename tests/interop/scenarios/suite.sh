#!/bin/bash
# Interop scenarios 6 and 7: one IKE + ESP suite negotiated end to end with
# PSK (charon + swanctl as the initiator, proposing exactly that suite, and a
# virtual IP); both sides must name the same algorithms.
#
# usage: suite.sh PATH/TO/ikecore-responder CASE
#   modp2048-cbc   Windows' suite: AES-CBC-256, HMAC-SHA2-256, MODP-2048,
#                  against our default policy
#   legacy-3des    3DES, HMAC-SHA1, MODP-1024: allowed by the configuration
#                  (allow-legacy="yes" for IKE and ESP)
#   chacha20       ChaCha20-Poly1305, PRF-SHA2-256, Curve25519, default policy
#   gcm-ecp384     AES-GCM-16-256, PRF-SHA2-384, ECP-384, default policy (no
#                  INVALID_KE_PAYLOAD round: ECP-384 is in the policy)
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder CASE}")
CASE=${2:?usage: $0 PATH/TO/ikecore-responder CASE}
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# CASE | strongSwan IKE | strongSwan ESP | our <ike> | our <esp> | legacy |
# swanctl's IKE line | swanctl's ESP | our IKE Encr/Hash/DH | our ESP Encr/esp_hmac
case $CASE in
  modp2048-cbc) spec="aes256-sha256-modp2048|aes256-sha256|default|default|no|AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048|AES_CBC-256/HMAC_SHA2_256_128|Encr: ENCR_AES_CBC, keysize: 256, Hash: AUTH_HMAC_SHA2_256_128, DH Grp:14,|Encr: ENCR_AES_CBC, keysize: 256, esp_hmac: AUTH_HMAC_SHA2_256_128" ;;
  legacy-3des) spec="3des-sha1-modp1024|3des-sha1|3des-sha1-modp1024|3des-sha1|yes|3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024|3DES_CBC/HMAC_SHA1_96|Encr: ENCR_3DES, Hash: AUTH_HMAC_SHA1_96, DH Grp:2,|Encr: ENCR_3DES, esp_hmac: AUTH_HMAC_SHA1_96" ;;
  chacha20) spec="chacha20poly1305-prfsha256-x25519|chacha20poly1305|default|default|no|CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519|CHACHA20_POLY1305|Encr: ENCR_CHACHA20_POLY1305, Hash: None, DH Grp:31,|Encr: ENCR_CHACHA20_POLY1305, esp_hmac: None" ;;
  gcm-ecp384) spec="aes256gcm16-prfsha384-ecp384|aes256gcm16|default|default|no|AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384|AES_GCM_16-256|Encr: ENCR_AES_GCM_16, keysize: 256, Hash: None, DH Grp:20,|Encr: ENCR_AES_GCM_16, keysize: 256, esp_hmac: None" ;;
  *) echo "unknown case $CASE" >&2; exit 2 ;;
esac
IFS='|' read -r ss_ike ss_esp our_ike our_esp legacy want_ike want_esp our_ike_line our_esp_line <<< "$spec"

interop_setup suite
write_config_psk "$TMP/ikecore.xml" "$our_ike" "$our_esp" interop-psk-secret-6 "$legacy"
write_swanctl_psk "$ss_ike" "$ss_esp" interop-psk-secret-6 carol@interop.test
start_responder "$RESPONDER" --config "$TMP/ikecore.xml"
start_swanctl_charon
check "swanctl --initiate succeeded" initiate net

both_views

check "strongSwan: IKE SA ESTABLISHED" grep -qE '^carol: #[0-9]+, ESTABLISHED, IKEv2' <<< "$sas"
check "strongSwan: IKE $want_ike" grep -qx "  $want_ike" <<< "$sas"
check "strongSwan: CHILD SA INSTALLED, ESP:$want_esp" \
  grep -qE "^  net: #[0-9]+, reqid [0-9]+, INSTALLED, TUNNEL-in-UDP, ESP:$want_esp\$" <<< "$sas"
check "strongSwan: no INVALID_KE_PAYLOAD round" eval "! grep -q \"peer didn't accept DH group\" \"\$TMP/charon.log\""
check "ikecore: the IKE SA is READY" grep -qE ' READY +RESPONDER$' <<< "$table"
check "ikecore: $our_ike_line" grep -qF "$our_ike_line" <<< "$table"
check "ikecore: ESP $our_esp_line" grep -qE "^ +${our_esp_line}\$" <<< "$table"
check "ikecore: Auth sign: PSK, Auth verify: PSK" grep -q 'Auth sign: PSK, Auth verify: PSK$' <<< "$table"
check "ikecore: IKE SAs: 1, CHILD SAs installed: 1" grep -q '^IKE SAs: 1, CHILD SAs installed: 1,' <<< "$table"
check_agree_swanctl "$sas" "$table"

swanctl_i --terminate --ike carol --timeout 10 >> "$TMP/swanctl.out" 2>&1
check "ikecore saw strongSwan's DELETE" wait_for "$TMP/responder.log" 'IKE SA deleted: deleted by the peer' 10
stop_responder
interop_finish "suite $CASE"
