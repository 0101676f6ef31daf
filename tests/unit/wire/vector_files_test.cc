// Every hand-built codec vector (tests/vectors/codec/*.hex, laid out byte by
// byte from the RFC diagrams) parses, passes the semantic verify, and
// serializes back to the same bytes.
#include <filesystem>

#include <catch2/catch.hpp>

#include "ikecore/wire/message.h"
#include "ikecore/wire/verify.h"

using namespace ikecore;

namespace {
bool is_protected(PayloadType t) {
  return t == PayloadType::kSk || t == PayloadType::kSkf || t == PayloadType::kCiscoFragment;
}
}  // namespace

TEST_CASE("hand-built codec vectors round-trip byte for byte", "[vectors]") {
  std::filesystem::path dir = std::filesystem::path(IKECORE_SOURCE_DIR) / "tests/vectors/codec";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".hex") continue;
    ++files;
    INFO(entry.path().filename().string());
    Bytes wire;
    REQUIRE(read_hex_file(entry.path().string(), wire));
    Message m;
    ParseError e = parse_message(wire, m);
    INFO(to_string(e));
    REQUIRE(e.ok());
    // Plaintext forms hold what an SK payload would carry.
    bool plaintext_form = m.header.exchange != ExchangeType::kIkeSaInit &&
                          (m.payloads.empty() || !is_protected(m.payloads.back().type));
    ParseError v = plaintext_form ? verify_inner(m.header, m.payloads) : verify_message(m);
    INFO(to_string(v));
    CHECK(v.ok());
    absl::StatusOr<Bytes> again = serialize_message(m);
    REQUIRE(again.ok());
    CHECK(*again == wire);
  }
  CHECK(files >= 5);
}
