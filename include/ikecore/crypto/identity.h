// Matching IKEv2 identities to certificates and choosing which certificate
// to send. Works on the Certificate interface only (any provider).
#pragma once

#include <vector>

#include "absl/types/span.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/wire/ids.h"

namespace ikecore {

// RFC 7296 §3.5 / RFC 4945 §3.1: whether the ID payload (type, data) names
// the subject of `cert`:
//   ID_FQDN         a subjectAltName dNSName, ASCII case-insensitively
//   ID_RFC822_ADDR  a subjectAltName rfc822Name, ASCII case-insensitively
//   ID_IPV4_ADDR    a subjectAltName iPAddress of 4 bytes, byte for byte
//   ID_IPV6_ADDR    a subjectAltName iPAddress of 16 bytes, byte for byte
//   ID_DER_ASN1_DN  the subject Name, byte-equal DER
// Exact names only (no wildcards, no DN in the subject for ID_FQDN); empty
// ID data and every other ID type never match.
bool certificate_matches_id(const Certificate& cert, IdType type, ByteView id_data);

// One of our certificates and the CA certificates above it: `issuers` starts
// with the leaf's issuer and goes up to (and may include) the trust anchor.
struct CertificateChain {
  const Certificate* leaf = nullptr;
  std::vector<const Certificate*> issuers;
};

// RFC 7296 §3.7: the chain to present to a peer whose CERTREQ payloads named
// `requested_ca_hashes` (SHA-1 hashes of CA SubjectPublicKeyInfos). Each
// entry may be one 20-byte hash or a whole CERTREQ Certification Authority
// field (hashes back to back); a trailing partial hash is ignored. The first
// chain in which any certificate of `issuers` has a requested spki_sha1()
// wins (a self-issued leaf counts as its own issuer). With no request, or no
// match, the first chain (as strongSwan and the Cisco ASA do). Null only when
// `ours` is empty.
const CertificateChain* choose_certificate(absl::Span<const CertificateChain> ours,
                                           absl::Span<const ByteView> requested_ca_hashes);

}  // namespace ikecore
