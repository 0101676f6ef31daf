#!/bin/bash
# Interop scenario 6 (second half): 3DES / HMAC-SHA1 / MODP-1024 against the
# default policy (no allow-legacy) is refused: strongSwan gets
# NO_PROPOSAL_CHOSEN in IKE_SA_INIT, and ikecore keeps no SA.
#
# usage: legacy_rejected.sh PATH/TO/ikecore-responder
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder}")
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
interop_setup legacy

write_config_psk "$TMP/ikecore.xml" default default interop-psk-secret-6
write_swanctl_psk 3des-sha1-modp1024 3des-sha1 interop-psk-secret-6 carol@interop.test
start_responder "$RESPONDER" --config "$TMP/ikecore.xml"
start_swanctl_charon
check "swanctl --initiate fails" eval '! initiate net'

sas=$(swanctl_i --list-sas 2>&1)
table=$(responder_table)
echo "$table" | sed 's/^/  ikecore| /'
check "strongSwan: received NO_PROPOSAL_CHOSEN notify error" \
  grep -q 'received NO_PROPOSAL_CHOSEN notify error' "$TMP/charon.log"
check "strongSwan: no IKE SA left" eval '! grep -q ESTABLISHED <<< "$sas"'
check "ikecore: IKE SAs: 0, CHILD SAs installed: 0" grep -q '^IKE SAs: 0, CHILD SAs installed: 0,' <<< "$table"
check "ikecore: no SA established" eval '! grep -q "IKE SA established" "$TMP/responder.log"'
stop_responder
interop_finish "legacy suite refused by the default policy"
