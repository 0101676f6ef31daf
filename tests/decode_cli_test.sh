#!/usr/bin/env bash
# End-to-end test of ikecore-decode: hex dumps (files and stdin), bad input,
# verify errors, plaintext-form vectors and pcap / pcapng captures written
# with text2pcap. Usage: decode_cli_test.sh PATH/TO/ikecore-decode
set -uo pipefail

decode=${1:?usage: $0 PATH/TO/ikecore-decode}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run NAME ARGS...: runs the decoder, keeping stdout, stderr and the status.
run() {
  local name=$1
  shift
  "$decode" "$@" >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.rc"
}

expect_rc() {  # NAME STATUS
  local got
  got=$(cat "$work/$1.rc")
  [[ $got == "$2" ]] || fail "$1: exit status $got, expected $2 (stderr: $(head -3 "$work/$1.err"))"
}

expect_out() {  # NAME FIXED-STRING: a line of stdout contains it
  grep -qF -- "$2" "$work/$1.out" || fail "$1: stdout lacks '$2'"
}

expect_err() {  # NAME FIXED-STRING
  grep -qF -- "$2" "$work/$1.err" || fail "$1: stderr lacks '$2' (stderr: $(head -3 "$work/$1.err"))"
}

expect_no_out() {  # NAME FIXED-STRING
  if grep -qF -- "$2" "$work/$1.out"; then fail "$1: stdout has '$2'"; fi
}

expect_count() {  # NAME REGEX COUNT: stdout lines matching
  local got
  got=$(grep -cE -- "$2" "$work/$1.out")
  [[ $got == "$3" ]] || fail "$1: $got stdout lines match '$2', expected $3"
}

# --- test vectors -----------------------------------------------------------

# IKE_SA_INIT request, 191 bytes: SA 48 (AES-CBC-256, PRF SHA2-256,
# SHA2-256-128, ECP_256), KE 72, Ni 20, V 23 (CISCO-DELETE-REASON).
SA_INIT='
58 af f7 11 41 ba 43 6b 00 00 00 00 00 00 00 00
21 20 22 08 00 00 00 00 00 00 00 bf 22 00 00 30
00 00 00 2c 01 01 00 04 03 00 00 0c 01 00 00 0c
80 0e 01 00 03 00 00 08 02 00 00 05 03 00 00 08
03 00 00 0c 00 00 00 08 04 00 00 13 28 00 00 48
00 13 00 00 00 01 02 03 04 05 06 07 08 09 0a 0b
0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b
1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b
2c 2d 2e 2f 30 31 32 33 34 35 36 37 38 39 3a 3b
3c 3d 3e 3f 2b 00 00 14 4e 4e 4e 4e 4e 4e 4e 4e
4e 4e 4e 4e 4e 4e 4e 4e 00 00 00 17 43 49 53 43
4f 2d 44 45 4c 45 54 45 2d 52 45 41 53 4f 4e'

# The same message cut short after 160 bytes (the header still says 191).
TRUNCATED='
58 af f7 11 41 ba 43 6b 00 00 00 00 00 00 00 00
21 20 22 08 00 00 00 00 00 00 00 bf 22 00 00 30
00 00 00 2c 01 01 00 04 03 00 00 0c 01 00 00 0c
80 0e 01 00 03 00 00 08 02 00 00 05 03 00 00 08
03 00 00 0c 00 00 00 08 04 00 00 13 28 00 00 48
00 13 00 00 00 01 02 03 04 05 06 07 08 09 0a 0b
0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b
1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b
2c 2d 2e 2f 30 31 32 33 34 35 36 37 38 39 3a 3b
3c 3d 3e 3f 2b 00 00 14 4e 4e 4e 4e 4e 4e 4e 4e'

# IKE_SA_INIT with an 8-byte nonce: parses, fails verify at the third
# payload, offset 28 + 48 + 72 = 148.
SHORT_NONCE='
58 af f7 11 41 ba 43 6b 00 00 00 00 00 00 00 00
21 20 22 08 00 00 00 00 00 00 00 b7 22 00 00 30
00 00 00 2c 01 01 00 04 03 00 00 0c 01 00 00 0c
80 0e 01 00 03 00 00 08 02 00 00 05 03 00 00 08
03 00 00 0c 00 00 00 08 04 00 00 13 28 00 00 48
00 13 00 00 00 01 02 03 04 05 06 07 08 09 0a 0b
0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b
1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b
2c 2d 2e 2f 30 31 32 33 34 35 36 37 38 39 3a 3b
3c 3d 3e 3f 2b 00 00 0c 4e 4e 4e 4e 4e 4e 4e 4e
00 00 00 17 43 49 53 43 4f 2d 44 45 4c 45 54 45
2d 52 45 41 53 4f 4e'

# IKE_AUTH request in plaintext form (no SK: the header, then the inner
# chain): IDi FQDN "client.example", AUTH shared key, SA ESP, TSi, TSr.
AUTH_PLAIN='
58 af f7 11 41 ba 43 6b fc 69 63 30 e6 b9 4d 7f
23 20 23 08 00 00 00 01 00 00 00 a2 27 00 00 16
02 00 00 00 63 6c 69 65 6e 74 2e 65 78 61 6d 70
6c 65 21 00 00 1c 02 00 00 00 5a 5a 5a 5a 5a 5a
5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 2c 00
00 24 00 00 00 20 01 03 04 02 30 b8 48 a4 03 00
00 0c 01 00 00 14 80 0e 01 00 00 00 00 08 05 00
00 00 2d 00 00 18 01 00 00 00 07 00 00 10 00 00
ff ff 00 00 00 00 ff ff ff ff 00 00 00 18 01 00
00 00 07 00 00 10 00 00 ff ff 00 00 00 00 ff ff
ff ff'

# IKE_AUTH request in plaintext form: one EAP payload, a GTC Response whose
# data is the password "Hunter2" (48 75 6e 74 65 72 32).
AUTH_GTC='
58 af f7 11 41 ba 43 6b fc 69 63 30 e6 b9 4d 7f
30 20 23 08 00 00 00 04 00 00 00 2c 00 00 00 10
02 03 00 0c 06 48 75 6e 74 65 72 32'

# --- hex input ----------------------------------------------------------------

printf '# good, then truncated\n%s\n\n# message 2\n%s\n' "$SA_INIT" "$TRUNCATED" >"$work/two.hex"
run two "$work/two.hex"
expect_rc two 1
expect_out two "message 1 ($work/two.hex:"
expect_out two "exchange IKE_SA_INIT, flags INITIATOR, message id 0, length 191"
expect_out two "  SA, length 48"
expect_out two "      transform ENCR: ENCR_AES_CBC, key length 256, length 12"
expect_out two "  KE, length 72"
expect_out two "    CISCO-DELETE-REASON, 19 bytes: \"CISCO-DELETE-REASON\""
expect_err two "message 2: offset "
expect_no_out two "message 2 ("

# Comments, 0x prefixes, ':' separators, a non-ESP marker, and a comment-only
# line inside a block (which does not split it).
{
  echo "# first message, with the RFC 3948 non-ESP marker"
  echo "0x00 0x00 0x00 0x00"
  echo "$SA_INIT" | sed -n '2,6p' | tr ' ' ':'
  echo "# a comment between lines of one message"
  echo "$SA_INIT" | sed -n '7,$p' | sed 's/\([0-9a-f][0-9a-f]\)/0x\1/g'
  echo
  echo "$AUTH_PLAIN  # second message"
} >"$work/forms.hex"
run forms "$work/forms.hex"
expect_rc forms 0
expect_count forms '^message [0-9]+ ' 2
expect_out forms "message 1 ($work/forms.hex:2)"
expect_out forms "length 191"
expect_out forms "(plaintext form)"
expect_out forms "exchange IKE_AUTH, flags INITIATOR, message id 1, length 162"
expect_out forms "    ID_FQDN, 14 bytes: \"client.example\""
expect_out forms "      TS_IPV4_ADDR_RANGE, protocol 0, ports 0-65535, 0.0.0.0-255.255.255.255, length 16"
[[ -s $work/forms.err ]] && fail "forms: unexpected stderr: $(cat "$work/forms.err")"

# Standard input, and "-".
echo "$SA_INIT" | "$decode" >"$work/stdin.out" 2>"$work/stdin.err"
[[ $? == 0 ]] || fail "stdin: non-zero exit"
grep -qF "message 1 (stdin:" "$work/stdin.out" || fail "stdin: no heading"
echo "$SA_INIT" | "$decode" - >/dev/null 2>&1 || fail "'-': non-zero exit"

# Verify errors name the payload's offset; decoding goes on.
printf '%s\n\n%s\n' "$SHORT_NONCE" "$SA_INIT" >"$work/verify.hex"
run verify "$work/verify.hex"
expect_rc verify 1
expect_err verify "message 1: offset 148: "
expect_out verify "message 2 ("
[[ $(wc -l <"$work/verify.err") == 1 ]] || fail "verify: expected one stderr line"

# Bad hex: a junk character, an odd number of digits; each is its message's
# error and the good message between them still decodes. (SA_INIT starts
# with a newline: its bytes are on lines 4..15.)
printf '58 af zz\n\n%s\n\n58 a\n' "$SA_INIT" >"$work/bad.hex"
run bad "$work/bad.hex"
expect_rc bad 1
expect_err bad "message 1: bad hex: $work/bad.hex line 1 column 7: unexpected character 'z'"
expect_err bad "message 3: bad hex: $work/bad.hex line 17: odd number of hex digits"
expect_out bad "message 2 ($work/bad.hex:4)"

# Credentials are hidden unless --show-secrets is given.
echo "$AUTH_GTC" >"$work/gtc.hex"
run gtc "$work/gtc.hex"
expect_rc gtc 0
expect_out gtc "    RESPONSE, id 3, length 12, type GTC, data 7 bytes:"
expect_out gtc "      [redacted 7 bytes]"
expect_no_out gtc "48 75 6e 74 65 72 32"
run gtc_shown --show-secrets "$work/gtc.hex"
expect_rc gtc_shown 0
expect_out gtc_shown "      48 75 6e 74 65 72 32"
expect_no_out gtc_shown "redacted"

# Several files number their messages on.
run several "$work/forms.hex" "$work/verify.hex"
expect_rc several 1
expect_err several "message 3: offset 148: "
expect_out several "message 4 ($work/verify.hex:"

# Usage.
run help --help
expect_rc help 0
expect_out help "usage: ikecore-decode"
run badopt --frobnicate
expect_rc badopt 2
run missing "$work/no-such-file.hex"
expect_rc missing 1

# --- captures -----------------------------------------------------------------

# text2pcap input: one "offset bytes" dump per packet, offsets from 0.
dump() {  # HEX...: one packet per argument
  local packet
  for packet in "$@"; do
    echo "$packet" | tr -d ' \n' | sed 's/../& /g' | fold -w 48 |
      awk '{ printf "%06x %s\n", (NR - 1) * 16, $0 }'
  done
}

if command -v text2pcap >/dev/null; then
  dump "$SA_INIT" "$SHORT_NONCE" >"$work/p500.txt"
  text2pcap -q -u 25170,500 -4 192.168.1.1,10.0.0.1 "$work/p500.txt" "$work/p500.pcapng" >/dev/null 2>&1 ||
    fail "text2pcap (500) failed"
  run p500 --pcap "$work/p500.pcapng"
  expect_rc p500 1
  expect_out p500 "message 1 ($work/p500.pcapng packet 1 192.168.1.1:25170 -> 10.0.0.1:500)"
  expect_out p500 "exchange IKE_SA_INIT, flags INITIATOR, message id 0, length 191"
  expect_err p500 "message 2: offset 148: "

  # Port 4500, classic pcap: a NAT keepalive, an ESP packet, then IKE behind
  # the non-ESP marker.
  dump "ff" "01 02 03 04 00 00 00 01 de ad be ef de ad be ef" "00 00 00 00 $SA_INIT" >"$work/p4500.txt"
  text2pcap -q -F pcap -u 25171,4500 -4 192.168.1.1,10.0.0.1 "$work/p4500.txt" "$work/p4500.pcap" \
    >/dev/null 2>&1 || fail "text2pcap (4500) failed"
  run p4500 --pcap "$work/p4500.pcap"
  expect_rc p4500 0
  expect_count p4500 '^message [0-9]+ ' 1
  expect_out p4500 "message 1 ($work/p4500.pcap packet 3 192.168.1.1:25171 -> 10.0.0.1:4500)"
  expect_out p4500 "length 191"

  # A captured IKE_AUTH without SK is not a test vector: it is invalid (the
  # same bytes in a hex file are the plaintext form, see "forms" above).
  dump "00 00 00 00 $AUTH_PLAIN" >"$work/pauth.txt"
  text2pcap -q -F pcap -u 25171,4500 -4 192.168.1.1,10.0.0.1 "$work/pauth.txt" "$work/pauth.pcap" \
    >/dev/null 2>&1 || fail "text2pcap (IKE_AUTH) failed"
  run pauth --pcap "$work/pauth.pcap"
  expect_rc pauth 1
  expect_out pauth "message 1 ($work/pauth.pcap packet 1 192.168.1.1:25171 -> 10.0.0.1:4500)"
  expect_out pauth "exchange IKE_AUTH, flags INITIATOR, message id 1, length 162"
  expect_no_out pauth "(plaintext form)"
  expect_err pauth "message 1: offset 28: IDi: payload not allowed in this message"

  # IPv6, and a capture followed by a hex file.
  dump "$SA_INIT" >"$work/p6.txt"
  text2pcap -q -u 500,500 -6 2001:db8::1,2001:db8::2 "$work/p6.txt" "$work/p6.pcapng" >/dev/null 2>&1 ||
    fail "text2pcap (IPv6) failed"
  run p6 --pcap "$work/p6.pcapng" "$work/forms.hex"
  expect_rc p6 0
  expect_out p6 "message 1 ($work/p6.pcapng packet 1 [2001:db8::1]:500 -> [2001:db8::2]:500)"
  expect_out p6 "message 3 ($work/forms.hex:"

  # Not a capture.
  run notpcap --pcap "$work/forms.hex"
  expect_rc notpcap 1
else
  echo "text2pcap not found: capture tests skipped"
fi

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "decode_cli: all checks passed"
