#!/bin/bash
# Rekeying against strongSwan (RFC 7296 §1.3.2, §1.3.3, §2.18): strongSwan
# with short rekey times (CHILD SA every 4 s, IKE SA every 9 s, no jitter)
# keeps one tunnel up across several rekeys of each.
#
# usage: rekey.sh PATH/TO/ikecore-responder [pfs]
#   pfs: the CHILD SA rekeys with Curve25519 (our child policy requires it)
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder [pfs]}")
MODE=${2:-nopfs}
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
interop_setup "rekey$MODE"

our_esp=aes256gcm16
ss_esp=aes256gcm16
if [ "$MODE" = pfs ]; then
  our_esp=aes256gcm16-x25519
  ss_esp=aes256gcm16-x25519
fi
write_config_psk "$TMP/ikecore.xml" aes256gcm16-prfsha256-x25519 "$our_esp" interop-psk-secret-rekey
write_swanctl_psk aes256gcm16-prfsha256-x25519 "$ss_esp" interop-psk-secret-rekey carol@interop.test
# Hard lifetimes well after the rekey times, or strongSwan lets the SAs
# expire instead of rekeying them.
sed -i -e 's/^    keyingtries = 1$/    keyingtries = 1\n    rekey_time = 9s\n    over_time = 6s\n    rand_time = 0s/' \
       -e 's/^        start_action = none$/        start_action = none\n        rekey_time = 4s\n        life_time = 8s\n        rand_time = 0s/' \
       "$TMP/swanctl/swanctl.conf"
grep -q 'rekey_time = 4s' "$TMP/swanctl/swanctl.conf" || interop_fail "could not set the rekey times"

start_responder "$RESPONDER" --config "$TMP/ikecore.xml" --debug
start_swanctl_charon
check "swanctl --initiate succeeded" initiate net
# 20 s: about four CHILD SA rekeys and two IKE SA rekeys.
sleep 20
# Both views at a quiet moment: a rekey runs every 4 s, and two snapshots
# taken across one disagree. Retry until strongSwan has no exchange active.
for _ in $(seq 1 12); do
  both_views > "$TMP/views.txt"
  grep -q '^  active:' <<< "$sas" || [ "$(grep -c ', INSTALLED, ' <<< "$sas")" != 1 ] || break
  sleep 0.5
done
cat "$TMP/views.txt"

child_rekeys=$(grep -c 'CHILD_SA net{[0-9]*} established with SPIs' "$TMP/charon.log")
ike_rekeys=$(grep -c 'rekeyed between\|IKE_SA carol\[[0-9]*\] rekeyed' "$TMP/charon.log")
echo "  strongSwan: $child_rekeys CHILD SA(s) established in all, $ike_rekeys IKE SA rekey(s)"
check "strongSwan: the CHILD SA was rekeyed at least 3 times" [ "$child_rekeys" -ge 4 ]
check "strongSwan: the IKE SA was rekeyed at least once" [ "$ike_rekeys" -ge 1 ]
check "strongSwan: no failure" eval "! grep -qE 'NO_PROPOSAL_CHOSEN|INVALID_SYNTAX|CHILD_SA_NOT_FOUND|failed' \"\$TMP/charon.log\""
check "strongSwan: one IKE SA ESTABLISHED" [ "$(grep -cE '^carol: #[0-9]+, ESTABLISHED, IKEv2' <<< "$sas")" = 1 ]
check "strongSwan: one CHILD SA INSTALLED" [ "$(grep -cE '^  net: #[0-9]+, reqid [0-9]+, INSTALLED' <<< "$sas")" = 1 ]
check "ikecore: one IKE SA, one CHILD SA, one lease" \
  grep -q '^IKE SAs: 1, CHILD SAs installed: 1, address leases: 1,' <<< "$table"
retired=$(grep -c '^installer: CHILD SA removed' "$TMP/responder.log")
check "ikecore: every old CHILD SA was retired ($retired)" [ "$retired" -ge 3 ]
check "ikecore: IKE SAs rekeyed" grep -q 'IKE SA rekeyed: new SPIs' "$TMP/responder.log"
if [ "$MODE" = pfs ]; then
  check "ikecore: CHILD SAs rekeyed with PFS" grep -q ', PFS CURVE25519,' "$TMP/responder.log"
fi
# Both sides hold the same CHILD SA; strongSwan may still list the one it
# just replaced (REKEYED) next to it, so ours must be among its pairs.
ours=$(sed -n 's/^ *ESP spi in\/out: 0x\([0-9a-f]*\)\/0x\([0-9a-f]*\)$/\1 \2/p' <<< "$table")
pairs=$(awk '$1 == "in" { sub(/,$/, "", $2); i = $2 } $1 == "out" { sub(/,$/, "", $2); print $2, i }' <<< "$sas" |
  while read -r out in; do echo "$(spi_hex "$out") $(spi_hex "$in")"; done)
check "ikecore's CHILD SA ($ours) is the one strongSwan has" grep -qx "$ours" <<< "$pairs"
ike=$(sed -n 's/.* \([0-9a-f]\{16\}\)_i\* \([0-9a-f]\{16\}\)_r$/\1 \2/p' <<< "$sas")
check "ikecore's IKE SA is the one strongSwan has" \
  grep -qi "Local spi: ${ike#* } *Remote spi: ${ike% *}" <<< "$table"

swanctl_i --terminate --ike carol --timeout 10 >> "$TMP/swanctl.out" 2>&1
stop_responder
interop_finish "rekeying ($MODE)"
