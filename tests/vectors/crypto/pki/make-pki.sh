#!/bin/sh
# How the test PKI in this directory was made. It was run ONCE (OpenSSL 3.0
# command-line tool) and its output committed; the tests read the committed
# files and never run this script. Re-running it makes new keys, so every
# file here changes together (and the tests keep passing: they only compare
# against the expected-value files that this same run writes).
#
#   cd tests/vectors/crypto/pki && sh make-pki.sh
#
# Validity of everything: 2025-01-01 .. 2045-01-01 (UTC), except expired.pem:
# 2025-01-01 .. 2026-01-01. The tests verify at fixed times inside/outside.
#
#   root-ca.pem          self-signed root, RSA-2048, sha256WithRSAEncryption
#   inter-ca.pem         intermediate CA, ECDSA P-256, issued by the root
#   rsa-server.pem/.der  RSA-2048 leaf, SAN DNS:vpn.example.com, IP:10.77.0.1
#   ec256-server.pem/.der ECDSA P-256 leaf, SAN DNS:gw.example.com, DNS:GW2.Example.Net
#   ec384-leaf.pem       ECDSA P-384 leaf, SAN DNS:p384.example.com, IP:2001:db8::1
#   ec521-leaf.pem       ECDSA P-521 leaf, SAN DNS:p521.example.com
#   client.pem           ECDSA P-256 leaf, SAN email:Alice@example.com
#   expired.pem          ECDSA P-256 leaf valid 2025-01-01 .. 2026-01-01
#   revoked.pem          ECDSA P-256 leaf, revoked by inter-ca.crl
#   untrusted-ca.pem     an unrelated self-signed root (ECDSA P-256)
#   untrusted-leaf.pem   ECDSA P-256 leaf issued by untrusted-ca
#   inter-ca.crl         CRL (DER) of the intermediate revoking revoked.pem
#   inter-ca.crl.pem     the same CRL, PEM
#   (all certificates are issued by inter-ca unless said otherwise)
#
# Private keys of the leaves (the CA keys are not kept):
#   <leaf>.key.pem       PKCS#8 PEM ("PRIVATE KEY"), every leaf
#   rsa-server.key.der   PKCS#8 DER
#   rsa-server.rsa.pem   traditional PKCS#1 PEM ("RSA PRIVATE KEY")
#   rsa-server.rsa.der   traditional PKCS#1 DER (RSAPrivateKey)
#   ec256-server.ec.pem  traditional SEC1 PEM ("EC PRIVATE KEY")
#   ec256-server.ec.der  traditional SEC1 DER (ECPrivateKey)
#
# Signatures by the openssl CLI over message.txt (an independent signer):
#   message.rsa-pkcs1-sha256.sig  openssl dgst -sha256 -sign rsa-server.key.pem
#   message.rsa-pss-sha256.sig    the same with PSS, salt = digest length, MGF1-SHA-256
#   message.rsa-pss-sha384.sig    PSS with SHA-384 (salt 48, MGF1-SHA-384)
#   message.ecdsa-p256-sha256.sig openssl dgst -sha256 -sign ec256-server.key.pem (DER)
#   message.ecdsa-p384-sha384.sig openssl dgst -sha384 -sign ec384-leaf.key.pem (DER)
#
# Expected values, taken from the certificates with openssl (never from
# ikecore's own output):
#   expected/<cert>.subject.der   the subject Name, DER, cut out of the
#                                 certificate at the offset `openssl asn1parse`
#                                 reports for the 6th element of tbsCertificate
#   expected/<cert>.issuer.der    likewise the 4th element (issuer Name)
#   expected/<cert>.subject.txt   `openssl x509 -noout -subject -nameopt RFC2253`
#   expected/<cert>.spki-sha1.hex `openssl x509 -pubkey -noout |
#                                  openssl pkey -pubin -outform DER | sha1sum`
set -eu

OUT=$(pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

START=20250101000000Z
END=20450101000000Z

cat > "$W/ca.cnf" <<'EOF'
[ ca ]
default_ca = CA_default

[ CA_default ]
dir              = $ENV::CADIR
database         = $dir/index.txt
new_certs_dir    = $dir
serial           = $dir/serial
crlnumber        = $dir/crlnumber
default_md       = sha256
policy           = policy_any
unique_subject   = no
copy_extensions  = none
email_in_dn      = no

[ policy_any ]
countryName      = optional
organizationName = optional
commonName       = supplied

[ req ]
distinguished_name = req_dn
[ req_dn ]

[ ext_root ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ ext_inter ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_leaf ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = $ENV::SAN

[ ext_crl ]
authorityKeyIdentifier = keyid
EOF

SAN=DNS:unused
export SAN

# new_ca <dir>: an empty CA database.
new_ca() {
  mkdir -p "$W/$1"
  : > "$W/$1/index.txt"
  echo "$2" > "$W/$1/serial"
  echo 01 > "$W/$1/crlnumber"
}

# keygen <file> <algorithm options...>: a PKCS#8 PEM private key.
keygen() {
  f=$1; shift
  openssl genpkey "$@" -out "$f"
}
rsa2048() { keygen "$1" -algorithm RSA -pkeyopt rsa_keygen_bits:2048; }
ec() { keygen "$1" -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -pkeyopt ec_param_enc:named_curve; }

# issue <ca dir> <ca cert> <ca key> <key> <subject> <extensions> <out> [start end]
issue() {
  CADIR="$W/$1"; export CADIR
  openssl req -new -config "$W/ca.cnf" -key "$4" -subj "$5" -out "$W/req.csr"
  openssl ca -batch -config "$W/ca.cnf" -notext -preserveDN \
    -cert "$2" -keyfile "$3" -in "$W/req.csr" -extensions "$6" \
    -startdate "${8:-$START}" -enddate "${9:-$END}" -out "$7"
}

# --- CAs -------------------------------------------------------------------
new_ca root 1000
rsa2048 "$W/root.key"
CADIR="$W/root"; export CADIR
openssl req -new -config "$W/ca.cnf" -key "$W/root.key" \
  -subj "/C=US/O=ikecore test/CN=ikecore Test Root CA" -out "$W/root.csr"
openssl ca -batch -config "$W/ca.cnf" -notext -preserveDN -selfsign \
  -keyfile "$W/root.key" -in "$W/root.csr" -extensions ext_root \
  -startdate $START -enddate $END -out "$OUT/root-ca.pem"

new_ca inter 2000
ec "$W/inter.key" P-256
issue root "$OUT/root-ca.pem" "$W/root.key" "$W/inter.key" \
  "/C=US/O=ikecore test/CN=ikecore Test Intermediate CA" ext_inter "$OUT/inter-ca.pem"

new_ca untrusted 3000
ec "$W/untrusted.key" P-256
CADIR="$W/untrusted"; export CADIR
openssl req -new -config "$W/ca.cnf" -key "$W/untrusted.key" \
  -subj "/C=US/O=Someone Else/CN=Untrusted Root CA" -out "$W/untrusted.csr"
openssl ca -batch -config "$W/ca.cnf" -notext -preserveDN -selfsign \
  -keyfile "$W/untrusted.key" -in "$W/untrusted.csr" -extensions ext_root \
  -startdate $START -enddate $END -out "$OUT/untrusted-ca.pem"

# --- leaves ----------------------------------------------------------------
inter() {  # inter <name> <subject CN> <SAN> [start end]
  SAN=$3
  issue inter "$OUT/inter-ca.pem" "$W/inter.key" "$OUT/$1.key.pem" \
    "/C=US/O=ikecore test/CN=$2" ext_leaf "$OUT/$1.pem" "${4:-$START}" "${5:-$END}"
}

rsa2048 "$OUT/rsa-server.key.pem"
inter rsa-server vpn.example.com "DNS:vpn.example.com,IP:10.77.0.1"

ec "$OUT/ec256-server.key.pem" P-256
inter ec256-server gw.example.com "DNS:gw.example.com,DNS:GW2.Example.Net"

ec "$OUT/ec384-leaf.key.pem" P-384
inter ec384-leaf p384.example.com "DNS:p384.example.com,IP:2001:db8::1"

ec "$OUT/ec521-leaf.key.pem" P-521
inter ec521-leaf p521.example.com "DNS:p521.example.com"

ec "$OUT/client.key.pem" P-256
inter client "Alice" "email:Alice@example.com"

ec "$OUT/expired.key.pem" P-256
inter expired expired.example.com "DNS:expired.example.com" $START 20260101000000Z

ec "$OUT/revoked.key.pem" P-256
inter revoked revoked.example.com "DNS:revoked.example.com"

ec "$OUT/untrusted-leaf.key.pem" P-256
SAN="DNS:vpn.example.com"
issue untrusted "$OUT/untrusted-ca.pem" "$W/untrusted.key" "$OUT/untrusted-leaf.key.pem" \
  "/C=US/O=Someone Else/CN=vpn.example.com" ext_leaf "$OUT/untrusted-leaf.pem"

# --- CRL of the intermediate ---------------------------------------------
CADIR="$W/inter"; export CADIR
openssl ca -config "$W/ca.cnf" -cert "$OUT/inter-ca.pem" -keyfile "$W/inter.key" \
  -revoke "$OUT/revoked.pem" -crl_reason keyCompromise
openssl ca -config "$W/ca.cnf" -cert "$OUT/inter-ca.pem" -keyfile "$W/inter.key" \
  -gencrl -crlexts ext_crl -crl_lastupdate $START -crl_nextupdate $END \
  -out "$OUT/inter-ca.crl.pem"
openssl crl -in "$OUT/inter-ca.crl.pem" -outform DER -out "$OUT/inter-ca.crl"

# --- other key formats -----------------------------------------------------
openssl pkey -in "$OUT/rsa-server.key.pem" -outform DER -out "$OUT/rsa-server.key.der"
openssl rsa -in "$OUT/rsa-server.key.pem" -traditional -out "$OUT/rsa-server.rsa.pem"
openssl rsa -in "$OUT/rsa-server.key.pem" -traditional -outform DER -out "$OUT/rsa-server.rsa.der"
openssl ec -in "$OUT/ec256-server.key.pem" -out "$OUT/ec256-server.ec.pem"
openssl ec -in "$OUT/ec256-server.key.pem" -outform DER -out "$OUT/ec256-server.ec.der"

# --- DER copies of two certificates ---------------------------------------
openssl x509 -in "$OUT/rsa-server.pem" -outform DER -out "$OUT/rsa-server.der"
openssl x509 -in "$OUT/ec256-server.pem" -outform DER -out "$OUT/ec256-server.der"

# --- signatures by the openssl CLI ---------------------------------------
printf 'ikecore signature test vector: the quick brown fox jumps over the lazy dog\n' \
  > "$OUT/message.txt"
openssl dgst -sha256 -sign "$OUT/rsa-server.key.pem" \
  -out "$OUT/message.rsa-pkcs1-sha256.sig" "$OUT/message.txt"
openssl dgst -sha256 -sign "$OUT/rsa-server.key.pem" \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:sha256 \
  -out "$OUT/message.rsa-pss-sha256.sig" "$OUT/message.txt"
openssl dgst -sha384 -sign "$OUT/rsa-server.key.pem" \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:sha384 \
  -out "$OUT/message.rsa-pss-sha384.sig" "$OUT/message.txt"
openssl dgst -sha256 -sign "$OUT/ec256-server.key.pem" \
  -out "$OUT/message.ecdsa-p256-sha256.sig" "$OUT/message.txt"
openssl dgst -sha384 -sign "$OUT/ec384-leaf.key.pem" \
  -out "$OUT/message.ecdsa-p384-sha384.sig" "$OUT/message.txt"

# --- expected values -------------------------------------------------------
mkdir -p "$OUT/expected"
# tbs_element <cert.der> <n>: the n-th (1-based) element of tbsCertificate,
# DER, cut out at the offset and lengths openssl asn1parse reports (d=2).
tbs_element() {
  line=$(openssl asn1parse -inform DER -in "$1" | awk '/:d=2 /' | sed -n "${2}p")
  off=$(echo "$line" | sed 's/^ *\([0-9]*\):.*/\1/')
  hl=$(echo "$line" | sed 's/.*hl= *\([0-9]*\).*/\1/')
  len=$(echo "$line" | sed 's/.* l= *\([0-9]*\).*/\1/')
  tail -c +$((off + 1)) "$1" | head -c $((hl + len))
}
for c in root-ca inter-ca rsa-server ec256-server ec384-leaf ec521-leaf client \
         expired revoked untrusted-ca untrusted-leaf; do
  openssl x509 -in "$OUT/$c.pem" -outform DER -out "$W/c.der"
  # Element 1 is the [0] version: 4 = issuer, 6 = subject.
  tbs_element "$W/c.der" 4 > "$OUT/expected/$c.issuer.der"
  tbs_element "$W/c.der" 6 > "$OUT/expected/$c.subject.der"
  openssl x509 -in "$OUT/$c.pem" -noout -subject -nameopt RFC2253 > "$OUT/expected/$c.subject.txt"
  openssl x509 -in "$OUT/$c.pem" -pubkey -noout | openssl pkey -pubin -outform DER |
    sha1sum | cut -d' ' -f1 > "$OUT/expected/$c.spki-sha1.hex"
done

# --- sanity checks with openssl itself -------------------------------------
for c in rsa-server ec256-server ec384-leaf ec521-leaf client revoked; do
  openssl verify -attime 1893456000 -CAfile "$OUT/root-ca.pem" \
    -untrusted "$OUT/inter-ca.pem" "$OUT/$c.pem"
done
cat "$OUT/root-ca.pem" "$OUT/inter-ca.crl.pem" > "$W/root+crl.pem"
if openssl verify -attime 1893456000 -crl_check -CAfile "$W/root+crl.pem" \
    -untrusted "$OUT/inter-ca.pem" "$OUT/revoked.pem"; then
  echo "revoked.pem should not verify with the CRL" >&2; exit 1
fi
for c in root-ca inter-ca rsa-server ec256-server; do
  # The subject Name cut out above parses as a Name equal to the certificate's.
  openssl asn1parse -inform DER -in "$OUT/expected/$c.subject.der" > /dev/null
done
openssl pkey -in "$OUT/rsa-server.key.pem" -pubout -out "$W/rsa.pub"
openssl dgst -sha256 -verify "$W/rsa.pub" -signature "$OUT/message.rsa-pkcs1-sha256.sig" "$OUT/message.txt"
echo "PKI written to $OUT"
