// Invariant: whatever parses serializes, and the serialization parses back to
// the same structure (reserved bits are not kept, so bytes may differ; the
// second serialization must equal the first).
#include <cstdint>

#include "ikecore/wire/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ikecore::Message first;
  if (!ikecore::parse_message(ikecore::ByteView(data, size), first).ok()) return 0;
  ikecore::Bytes bytes1;
  if (!ikecore::serialize_message(first, bytes1).ok()) __builtin_trap();
  ikecore::Message second;
  if (!ikecore::parse_message(bytes1, second).ok()) __builtin_trap();
  if (!(first == second)) __builtin_trap();
  ikecore::Bytes bytes2;
  if (!ikecore::serialize_message(second, bytes2).ok() || bytes1 != bytes2) __builtin_trap();
  return 0;
}
