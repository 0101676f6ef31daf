// EAP MD5-Challenge, server side (RFC 3748 §5.4, RFC 1994 §4.1).
//
// The expected Response Value comes from RFC 1321 A.5 (the MD5 test suite):
// MD5("abcdefghijklmnopqrstuvwxyz") = c3fcd3d76192e4007dfb496cca67e13b. The
// 26 octets split as RFC 1994's Identifier | secret | Challenge: Identifier
// 'a' (0x61), secret "bcdefghij", Challenge "klmnopqrstuvwxyz" (16 octets).
#include <deque>
#include <string>

#include <catch2/catch.hpp>

#include "ikecore/base/bytes.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/eap/server.h"

using namespace ikecore;
using namespace ikecore::eap;

namespace {

class ScriptedProvider : public BoringSslProvider {
 public:
  void script(ByteView bytes) { queue_.insert(queue_.end(), bytes.begin(), bytes.end()); }
  void random(absl::Span<uint8_t> out) override {
    if (queue_.size() < out.size()) return BoringSslProvider::random(out);
    for (uint8_t& b : out) {
      b = queue_.front();
      queue_.pop_front();
    }
  }

 private:
  std::deque<uint8_t> queue_;
};

Bytes unhex(const std::string& text) {
  Bytes out;
  REQUIRE(from_hex(text, out));
  return out;
}

std::string hex(ByteView v) { return to_hex(v); }

// §5.4 Response: Value-Size | Value | Name.
Bytes md5_response(uint8_t identifier, ByteView value, const std::string& name = "") {
  Bytes data;
  data.push_back(static_cast<uint8_t>(value.size()));
  data.insert(data.end(), value.begin(), value.end());
  data.insert(data.end(), name.begin(), name.end());
  EapPacket p;
  p.code = EapCode::kResponse;
  p.identifier = identifier;
  p.type = EapType::kMd5Challenge;
  p.data = data;
  Bytes out;
  REQUIRE(serialize_eap(p, out).ok());
  return out;
}

EapPacket parsed(const Bytes& bytes) {
  EapPacket p;
  REQUIRE(parse_eap(bytes, p).ok());
  REQUIRE(verify_eap(p).ok());
  return p;
}

UserSecret password(const std::string& text) { return UserSecret{SecretBytes(as_bytes(text)), SecretBytes()}; }

constexpr uint8_t kIdentifier = 0x61;  // 'a'
const std::string kSecret = "bcdefghij";
const std::string kChallenge = "klmnopqrstuvwxyz";
const std::string kRfc1321Digest = "c3fcd3d76192e4007dfb496cca67e13b";

}  // namespace

TEST_CASE("MD5-Challenge: Request layout and an RFC 1321 digest as the right answer", "[eap][md5]") {
  ScriptedProvider crypto;
  crypto.script(as_bytes(kChallenge));
  auto method = make_md5_challenge(crypto);
  CHECK(method->type() == EapType::kMd5Challenge);

  const Step request = method->start(kIdentifier, "alice");
  REQUIRE(request.kind == Step::Kind::kSend);
  // 01 61 0016 04 | Value-Size 10 | Challenge; no Name.
  CHECK(hex(request.packet) == "0161001604" "10" + hex(as_bytes(kChallenge)));

  // The independent formula, on the provider's MD5 of one concatenated
  // buffer, agrees with RFC 1321's digest.
  const std::string whole = std::string(1, static_cast<char>(kIdentifier)) + kSecret + kChallenge;
  REQUIRE(whole == "abcdefghijklmnopqrstuvwxyz");
  const ByteView pieces[] = {as_bytes(whole)};
  auto digest = crypto.hash(HashAlgorithm::kMd5, pieces);
  REQUIRE(digest.ok());
  REQUIRE(hex(*digest) == kRfc1321Digest);

  const Bytes answer = md5_response(kIdentifier, unhex(kRfc1321Digest), "alice-laptop");
  const Step need = method->on_response(parsed(answer), kIdentifier + 1);
  REQUIRE(need.kind == Step::Kind::kNeedSecret);
  CHECK(need.user == "alice");  // the EAP identity, not the Response's Name

  // Waiting for the backend: a second Response and a verdict are dropped.
  CHECK(method->on_response(parsed(answer), kIdentifier + 1).kind == Step::Kind::kIgnore);
  CHECK(method->on_password_verdict(true, kIdentifier + 1).kind == Step::Kind::kIgnore);

  const Step done = method->on_secret(password(kSecret), kIdentifier + 1);
  REQUIRE(done.kind == Step::Kind::kSuccess);
  CHECK(hex(done.packet) == "03610004");
  CHECK(method->msk().empty());  // §5.4: no keys
  CHECK(method->on_secret(password(kSecret), kIdentifier + 1).kind == Step::Kind::kIgnore);
}

TEST_CASE("MD5-Challenge failures", "[eap][md5]") {
  ScriptedProvider crypto;
  crypto.script(as_bytes(kChallenge));
  auto method = make_md5_challenge(crypto);
  REQUIRE(method->start(kIdentifier, "alice").kind == Step::Kind::kSend);
  const Bytes right = md5_response(kIdentifier, unhex(kRfc1321Digest));

  SECTION("a wrong Value") {
    Bytes value = unhex(kRfc1321Digest);
    value[15] ^= 0x01;
    REQUIRE(method->on_response(parsed(md5_response(kIdentifier, value)), 0x62).kind == Step::Kind::kNeedSecret);
    const Step s = method->on_secret(password(kSecret), 0x62);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04610004");
    CHECK_FALSE(s.reason.empty());
  }
  SECTION("the right Value under a wrong password") {
    REQUIRE(method->on_response(parsed(right), 0x62).kind == Step::Kind::kNeedSecret);
    const Step s = method->on_secret(password("bcdefghiJ"), 0x62);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04610004");
  }
  SECTION("the backend holds only an NT hash") {
    REQUIRE(method->on_response(parsed(right), 0x62).kind == Step::Kind::kNeedSecret);
    UserSecret only_hash;
    only_hash.nt_hash = SecretBytes(unhex("44EBBA8D5312B8D611474411F56989AE"));
    const Step s = method->on_secret(only_hash, 0x62);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04610004");
  }
  SECTION("an unknown user") {
    REQUIRE(method->on_response(parsed(right), 0x62).kind == Step::Kind::kNeedSecret);
    const Step s = method->on_secret(absl::NotFoundError("no such user"), 0x62);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04610004");
  }
  SECTION("a Value that is not 16 octets") {
    const Step s = method->on_response(parsed(md5_response(kIdentifier, unhex("c3fcd3d76192e4007dfb496cca67e1"))), 0x62);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04610004");
  }
  SECTION("a Response with another identifier") {
    CHECK(method->on_response(parsed(md5_response(0x60, unhex(kRfc1321Digest))), 0x62).kind ==
          Step::Kind::kIgnore);
    CHECK(method->on_response(parsed(right), 0x62).kind == Step::Kind::kNeedSecret);
  }
}

TEST_CASE("MD5-Challenge through the conversation: the Identifier hashed is the Request's", "[eap][md5]") {
  ScriptedProvider crypto;
  // The conversation's first identifier 0x60 (Identity), then the method's
  // Request gets 0x61 = 'a' and the challenge.
  crypto.script(unhex("60"));
  crypto.script(as_bytes(kChallenge));
  ConversationConfig cfg;
  cfg.methods = {EapType::kMd5Challenge};
  Conversation conv(crypto, cfg, "ike-id");
  REQUIRE(hex(conv.start().packet) == "0160000501");
  EapPacket id;
  id.code = EapCode::kResponse;
  id.identifier = 0x60;
  id.type = EapType::kIdentity;
  id.data = as_bytes("alice");
  Bytes id_bytes;
  REQUIRE(serialize_eap(id, id_bytes).ok());
  const Step request = conv.on_packet(id_bytes);
  REQUIRE(request.kind == Step::Kind::kSend);
  CHECK(hex(request.packet) == "0161001604" "10" + hex(as_bytes(kChallenge)));

  const Step need = conv.on_packet(md5_response(kIdentifier, unhex(kRfc1321Digest)));
  REQUIRE(need.kind == Step::Kind::kNeedSecret);
  CHECK(need.user == "alice");
  const Step done = conv.on_secret(password(kSecret));
  REQUIRE(done.kind == Step::Kind::kSuccess);
  CHECK(hex(done.packet) == "03610004");
  CHECK(conv.succeeded());
  CHECK(conv.msk().empty());
}
