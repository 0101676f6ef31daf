#!/bin/bash
# Interop scenario 9: INVALID_KE_PAYLOAD. Our configuration allows only
# Curve25519; strongSwan proposes ECP-256 first (its KE payload is ECP-256)
# and Curve25519 second. ikecore answers INVALID_KE_PAYLOAD naming group 31,
# strongSwan retries with Curve25519 and the SA comes up with it.
#
# usage: invalid_ke.sh PATH/TO/ikecore-responder
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder}")
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
interop_setup invke

write_config_psk "$TMP/ikecore.xml" aes256gcm16-prfsha256-x25519 default interop-psk-secret-9
write_swanctl_psk aes256gcm16-prfsha256-ecp256-x25519 aes256gcm16 interop-psk-secret-9 carol@interop.test
start_responder "$RESPONDER" --config "$TMP/ikecore.xml"
start_swanctl_charon
check "swanctl --initiate succeeded" initiate net

both_views
grep -E "INVALID_KE|didn't accept|IKE_SA_INIT" "$TMP/charon.log" | sed 's/^/  charon| /'
check "strongSwan: peer didn't accept DH group ECP_256, it requested CURVE_25519" \
  grep -q "peer didn't accept DH group ECP_256, it requested CURVE_25519" "$TMP/charon.log"
check "strongSwan: exactly one INVALID_KE_PAYLOAD round" \
  [ "$(grep -c "peer didn't accept DH group" "$TMP/charon.log")" = 1 ]
check "strongSwan: ESTABLISHED with AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519" \
  grep -qx '  AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519' <<< "$sas"
check "strongSwan: CHILD SA INSTALLED" grep -qE '^  net: #[0-9]+, reqid [0-9]+, INSTALLED, ' <<< "$sas"
check "ikecore: READY with DH Grp:31" grep -q 'Hash: None, DH Grp:31, Auth sign: PSK, Auth verify: PSK$' <<< "$table"
check "ikecore: the IKE SA is READY" grep -qE ' READY +RESPONDER$' <<< "$table"
check "ikecore: only the retried SA exists (IKE SAs: 1)" grep -q '^IKE SAs: 1, CHILD SAs installed: 1,' <<< "$table"
check_agree_swanctl "$sas" "$table"
stop_responder
interop_finish "INVALID_KE_PAYLOAD round trip"
