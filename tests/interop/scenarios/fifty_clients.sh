#!/bin/bash
# Interop scenario 10: fifty clients with fifty identities at once. One
# strongSwan charon holds fifty PSK connections (client01..client50
# @interop.test, a secret each, each asking for a virtual IP) and initiates
# them in batches of ten; our configuration has one connection for
# *@interop.test and a PSK per identity.
# Both views must list fifty established SAs, the same fifty IKE SPI pairs and
# the same fifty identity -> virtual IP leases, all distinct.
#
# usage: fifty_clients.sh PATH/TO/ikecore-responder
# Exit: 0 pass, 1 fail, 77 skip (see ../lib.sh).
set -u
RESPONDER=$(readlink -f "${1:?usage: $0 PATH/TO/ikecore-responder}")
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
N=50
interop_setup fifty

ids=()
psks=""
for i in $(seq -w 1 $N); do
  ids+=("client$i@interop.test")
  psks="$psks    <psk remote-id=\"client$i@interop.test\" secret=\"fifty-secret-client$i\"/>
"
done
write_config "$TMP/ikecore.xml" <<EOF2
<ikecore-responder>
  <credentials>
$psks  </credentials>
  <pool name="clients" range="10.99.0.0/24"/>
  <connection name="many" local-id="vpn.interop.test" remote-id="*@interop.test"
              local-auth="psk" remote-auth="psk">
    <client pool="clients"/>
    <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0"/>
  </connection>
</ikecore-responder>
EOF2
write_swanctl_psk aes256gcm16-prfsha256-x25519 aes256gcm16 'fifty-secret-{id}' "${ids[@]}"

start_responder "$RESPONDER" --config "$TMP/ikecore.xml" --quiet
start_swanctl_charon "threads = 32"
started=$SECONDS
failed=0
for batch in 0 10 20 30 40; do
  pids=()
  for id in "${ids[@]:$batch:10}"; do
    swanctl_i --initiate --ike "${id%%@*}" --child net --timeout 20 > "$TMP/initiate.${id%%@*}.out" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
done
echo "fifty initiations took $((SECONDS - started)) s"
check "all $N swanctl --initiate succeeded ($failed failed)" [ "$failed" = 0 ]

sas=$(swanctl_i --list-sas 2>&1)
table=$(responder_table)
echo "$table" | tail -n 2 | sed 's/^/  ikecore| /'
check "strongSwan: $N IKE SAs ESTABLISHED" [ "$(grep -cE '^client[0-9]+: #[0-9]+, ESTABLISHED, IKEv2' <<< "$sas")" = $N ]
check "strongSwan: $N CHILD SAs INSTALLED" [ "$(grep -cE '^  net: #[0-9]+, reqid [0-9]+, INSTALLED, ' <<< "$sas")" = $N ]
check "ikecore: $N READY IKE SAs" [ "$(grep -cE ' READY +RESPONDER$' <<< "$table")" = $N ]
check "ikecore: IKE SAs: $N, CHILD SAs installed: $N, address leases: $N" \
  grep -q "^IKE SAs: $N, CHILD SAs installed: $N, address leases: $N," <<< "$table"
check "ikecore: $N distinct Assigned host addr lines" \
  [ "$(grep -E '^ *Assigned host addr: ' <<< "$table" | sort -u | wc -l)" = $N ]

# The same IKE SPI pairs (initiator responder), lower case, sorted.
sed -n 's/^client[0-9]*: #[0-9]*, ESTABLISHED, IKEv2, \([0-9a-f]*\)_i\* \([0-9a-f]*\)_r$/\1 \2/p' <<< "$sas" |
  sort > "$TMP/spis.strongswan"
sed -n 's/^ *Local spi: \([0-9A-F]*\) *Remote spi: \([0-9A-F]*\)$/\2 \1/p' <<< "$table" | tr 'A-F' 'a-f' |
  sort > "$TMP/spis.ikecore"
check "the $N IKE SPI pairs agree" eval '[ "$(wc -l < "$TMP/spis.ikecore")" = $N ] && cmp -s "$TMP/spis.strongswan" "$TMP/spis.ikecore"'
# The same identity -> virtual IP leases.
sed -n "s/^ *local  '\\(client[0-9]*@interop.test\\)' @ .* \\[\\([0-9.]*\\)\\]\$/\\1 \\2/p" <<< "$sas" |
  sort > "$TMP/leases.strongswan"
awk '/^ *Remote id: / { id = $3 } /^ *Assigned host addr: / { print id, $4 }' <<< "$table" |
  sort > "$TMP/leases.ikecore"
check "the $N identity -> virtual IP pairs agree" eval '[ "$(wc -l < "$TMP/leases.ikecore")" = $N ] && cmp -s "$TMP/leases.strongswan" "$TMP/leases.ikecore"'
if ! cmp -s "$TMP/leases.strongswan" "$TMP/leases.ikecore" || ! cmp -s "$TMP/spis.strongswan" "$TMP/spis.ikecore"; then
  diff "$TMP/spis.strongswan" "$TMP/spis.ikecore" | sed 's/^/  spis diff| /'
  diff "$TMP/leases.strongswan" "$TMP/leases.ikecore" | sed 's/^/  leases diff| /'
fi
stop_responder
interop_finish "$N clients with $N identities"
