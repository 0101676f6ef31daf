#include "ikecore/wire/field_io.h"

namespace ikecore::internal {

size_t WireReader::element_length(Framing framing, ByteView at) {
  if (at.size() < 4) return 0;
  size_t field = static_cast<size_t>(at[2] << 8 | at[3]);
  switch (framing) {
    case Framing::kTotalLength16At2: return field;
    case Framing::kValueLength16At2: return 4 + field;
    case Framing::kAttribute: return (at[0] & 0x80) ? 4 : 4 + field;
  }
  return 0;
}

bool WireReader::count_elements(Framing framing, const char* what, size_t& n) {
  ByteView left = r_.rest();
  size_t at = 0;
  n = 0;
  while (at < left.size()) {
    ByteView here = left.subspan(at);
    if (here.size() < 4)
      return fail_at(at, ParseErrorCode::kTruncated, "substructure header runs past its container", what);
    size_t len = element_length(framing, here);
    if (len < 4) return fail_at(at, ParseErrorCode::kBadLength, "length below the substructure header", what);
    if (len > here.size()) return fail_at(at, ParseErrorCode::kBadLength, "length beyond its container", what);
    if (++n > kMaxElementsPerSequence)
      return fail_at(at, ParseErrorCode::kTooManyPayloads, "too many substructures", what);
    at += len;
  }
  return true;
}

bool WireWriter::end_element() {
  Frame f = frames_.back();
  frames_.pop_back();
  if (f.length_at == kNoLength) return true;
  size_t len = w_.size() - f.start;
  if (len > 0xffff) return fail("structure longer than its 16-bit length field");
  w_.patch_u16(f.length_at, static_cast<uint16_t>(len));
  return true;
}

}  // namespace ikecore::internal
