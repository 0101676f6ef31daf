// Whole datagram: structural parse, then the semantic verify, then the
// serializer on whatever parsed (it must accept anything the parser built).
#include <cstdint>

#include "ikecore/wire/message.h"
#include "ikecore/wire/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ikecore::ByteView in(data, size);
  ikecore::Message m;
  ikecore::ParseError e = ikecore::parse_message(in, m);
  if (!e.ok()) return 0;
  (void)ikecore::verify_message(m);
  for (const ikecore::Payload& p : m.payloads)
    if (p.type != ikecore::PayloadType::kSk) (void)ikecore::verify_payload(p, m.header);
  ikecore::Bytes out;
  if (!ikecore::serialize_message(m, out).ok()) __builtin_trap();
  return 0;
}
