// The semantic check that follows the structural parse: per-exchange payload
// rules, then each payload's meaning (sizes, numbering, ranges). Every failure
// names the notify RFC 7296 prescribes for the answer.
#pragma once

#include <optional>

#include "ikecore/wire/message.h"
#include "ikecore/wire/parse_error.h"

namespace ikecore {

// The outer message: header sanity for its exchange, unknown critical
// payloads, the plain-payload rules, and each plain payload's meaning.
ParseError verify_message(const Message& message);

// A decrypted SK chain (or reassembled fragments) of a message with header `h`.
ParseError verify_inner(const Header& h, Seq<Payload> inner);

// One payload's meaning, in a message with header `h`.
ParseError verify_payload(const Payload& payload, const Header& h);

// Size of the Key Exchange Data for `group` (RFC 7296 §3.4, RFC 5903 §7,
// RFC 8031 §3.1, RFC 5114, RFC 6954, FIPS 203 for ML-KEM where the two
// directions differ); nullopt for groups whose size ikecore does not know.
std::optional<size_t> key_exchange_length(KeGroup group, bool from_initiator);

}  // namespace ikecore
