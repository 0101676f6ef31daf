// A deterministic text rendering of a parsed (or built) IKEv2 message, for
// traces, test failures and the ikecore-decode tool. In the spirit of the
// Cisco ASA debug: a header line, then one line per payload with its short
// name and serialized length, then that payload's details indented below.
//
//   IKEv2 header: SPIi 58aff71141ba436b, SPIr 0000000000000000, version 2.0,
//     exchange IKE_SA_INIT, flags INITIATOR, message id 0, length 76
//     SA, length 48
//       proposal 1: protocol IKE, SPI size 0, #transforms 4, length 44
//         transform ENCR: ENCR_AES_CBC, key length 192, length 12
//   ...
//
// (the header is one line). The output depends on the message contents
// alone: no addresses, no times. Lengths are computed from the contents
// (the structs do not store them). Opaque data is shown as hex, 16 bytes a
// line, and cut after 256 bytes with a "... (N more bytes)" line.
//
// Secrets never reach a trace: unless DescribeOptions::show_secrets is set,
// credentials are left out (see DescribeOptions).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "ikecore/wire/message.h"

namespace ikecore {

struct DescribeOptions {
  // false (the default, for traces): credentials are not shown.
  //  - AnyConnect XML (TLV 0): the content of <password>, <new_password>,
  //    <verify_pin>, <answer> and <passcode> elements, and of every element
  //    inside <auth> of an "auth-reply" but <username>, is replaced by
  //    "[redacted N bytes]" and the re-serialized document is shown; XML that
  //    does not parse is shown by its length only, as are AnyConnect TLV
  //    lists that do not parse.
  //  - EAP Responses of type GTC (cleartext password), MD5-Challenge (the
  //    hash) and MSCHAPv2 (the NT-Response): type and data length only.
  //    Identity is shown.
  // true: everything, as captured (offline tools on one's own captures).
  bool show_secrets = false;
};

// The header line and the whole payload tree, each line ending in '\n'.
std::string describe(const Message& m, const DescribeOptions& options = {});

// The payload tree of a chain (an outer chain or a decrypted SK chain), each
// payload line indented by `indent` spaces.
std::string describe_payloads(Seq<Payload> payloads, int indent = 0, const DescribeOptions& options = {});

// The wire length of one payload, generic header included; nullopt when the
// payload cannot be serialized (its body does not match its type, a field
// overflows).
std::optional<size_t> payload_length(const Payload& payload);

}  // namespace ikecore
