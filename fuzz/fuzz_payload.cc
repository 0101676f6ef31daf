// One payload family: the input is a payload chain starting with the payload
// type chosen at build time (IKECORE_FUZZ_PAYLOAD). Parse, verify, serialize
// and parse again.
#include <cstdint>

#include "ikecore/wire/message.h"
#include "ikecore/wire/verify.h"

#ifndef IKECORE_FUZZ_PAYLOAD
#error "define IKECORE_FUZZ_PAYLOAD to an ikecore::PayloadType value"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ikecore::Arena arena;
  ikecore::Seq<ikecore::Payload> chain;
  if (!ikecore::parse_payloads(ikecore::ByteView(data, size), IKECORE_FUZZ_PAYLOAD, arena, chain).ok())
    return 0;
  ikecore::Header h;
  h.exchange = ikecore::ExchangeType::kIkeAuth;
  h.flags = ikecore::Header::kFlagInitiator;
  for (const ikecore::Payload& p : chain) (void)ikecore::verify_payload(p, h);
  (void)ikecore::verify_inner(h, chain);
  ikecore::Bytes out;
  if (!ikecore::serialize_payloads(chain, out).ok()) __builtin_trap();
  ikecore::Arena arena2;
  ikecore::Seq<ikecore::Payload> again;
  if (!ikecore::parse_payloads(out, IKECORE_FUZZ_PAYLOAD, arena2, again).ok() || !(chain == again))
    __builtin_trap();
  return 0;
}
