#!/bin/bash
# Stateless cookies against strongSwan (RFC 7296 §2.6): our cookie threshold
# set to zero, so strongSwan's first IKE_SA_INIT gets only N(COOKIE); it must
# retry with the cookie and complete (PSK, Curve25519, AES-GCM-16).
#
# usage: cookie.sh PATH/TO/ikecore-responder
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder}")
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
interop_setup cookie

write_config_psk "$TMP/base.xml" aes256gcm16-prfsha256-x25519 aes256gcm16 interop-psk-secret-cookie
sed 's|^  <ike |  <dos cookie-threshold="0"/>\n  <ike |' "$TMP/base.xml" | write_config "$TMP/ikecore.xml"
grep -q 'cookie-threshold="0"' "$TMP/ikecore.xml" || interop_fail "could not set the cookie threshold"
write_swanctl_psk aes256gcm16-prfsha256-x25519 aes256gcm16 interop-psk-secret-cookie carol@interop.test

start_responder "$RESPONDER" --config "$TMP/ikecore.xml" --debug
start_swanctl_charon
check "swanctl --initiate succeeded" initiate net
both_views

grep -E 'COOKIE|IKE_SA_INIT' "$TMP/charon.log" | sed 's/^/  charon| /'
check "ikecore: the first IKE_SA_INIT got a COOKIE" grep -q 'no cookie; COOKIE sent' "$TMP/responder.log"
check "strongSwan: received the COOKIE and retried" grep -qE 'parsed IKE_SA_INIT response 0 \[ N\(COOKIE\) \]' "$TMP/charon.log"
check "strongSwan: the retry carries it" grep -qE 'generating IKE_SA_INIT request 0 \[ N\(COOKIE\) SA KE No' "$TMP/charon.log"
check "strongSwan: IKE SA ESTABLISHED" grep -qE '^carol: #[0-9]+, ESTABLISHED, IKEv2' <<< "$sas"
check "ikecore: the IKE SA is READY" grep -qE ' READY +RESPONDER$' <<< "$table"
check "ikecore: IKE SAs: 1, CHILD SAs installed: 1" grep -q '^IKE SAs: 1, CHILD SAs installed: 1,' <<< "$table"
check_agree_swanctl "$sas" "$table"

swanctl_i --terminate --ike carol --timeout 10 >> "$TMP/swanctl.out" 2>&1
stop_responder
interop_finish "COOKIE round trip"
