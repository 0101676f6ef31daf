// EAP-MSCHAPv2, server side (draft-kamath-pppext-eap-mschapv2-02 §2 with
// RFC 2759), driven with RFC 2759 §9.2's example: the test's provider hands
// out §9.2's AuthenticatorChallenge as the method's challenge, the peer's
// Response carries §9.2's PeerChallenge and NT-Response, and the
// Success-Request must carry §9.2's AuthenticatorResponse. The MSK's send
// half is RFC 3079 §3.5.3's SendStartKey128 for the same inputs.
#include <deque>
#include <string>

#include <catch2/catch.hpp>

#include "absl/strings/match.h"
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
std::string text(ByteView v) { return std::string(v.begin(), v.end()); }

// RFC 2759 §9.2 (tests/vectors/crypto/rfc2759-mschapv2.txt).
const std::string kUserName = "User";
const std::string kPassword = "clientPass";
const std::string kAuthenticatorChallenge = "5B5D7C7D7B3F2F3E3C2C602132262628";
const std::string kPeerChallenge = "21402324255E262A28295F2B3A337C7E";
const std::string kNtResponse = "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF";
const std::string kPasswordHash = "44EBBA8D5312B8D611474411F56989AE";
const std::string kAuthenticatorResponse = "S=407A5589115FD0D6209F510FE9C04566932CDA56";
// RFC 3079 §3.5.3: SendStartKey128, the server's send key (MasterSendKey).
const std::string kSendStartKey128 = "8b7cdc149b993a1ba118cb153f56dccb";
// The server's receive key for the same inputs (derived, not printed in an
// RFC; tests/vectors/crypto/rfc3079-mppe-keys.txt says how it was checked).
const std::string kReceiveStartKey128 = "d5f0e9521e3ea9589645e86051c82226";

constexpr uint8_t kId = 0x2a;

Bytes eap_response(uint8_t identifier, ByteView data) {
  EapPacket p;
  p.code = EapCode::kResponse;
  p.identifier = identifier;
  p.type = EapType::kMschapv2;
  p.data = data;
  Bytes out;
  REQUIRE(serialize_eap(p, out).ok());
  return out;
}

// draft §2.2 Response: OpCode 2 | MS-CHAPv2-ID | MS-Length | Value-Size 49 |
// Peer-Challenge | Reserved (8 zero) | NT-Response | Flags 0 | Name.
Bytes challenge_response(uint8_t identifier, const std::string& name, const std::string& nt_response = kNtResponse,
                         uint8_t value_size = 49) {
  Bytes data = {0x02, identifier, 0x00, 0x00, value_size};
  const Bytes pc = unhex(kPeerChallenge);
  const Bytes nt = unhex(nt_response);
  data.insert(data.end(), pc.begin(), pc.end());
  data.insert(data.end(), 8, 0x00);
  data.insert(data.end(), nt.begin(), nt.end());
  data.push_back(0x00);
  data.insert(data.end(), name.begin(), name.end());
  const size_t ms_length = data.size();
  data[2] = static_cast<uint8_t>(ms_length >> 8);
  data[3] = static_cast<uint8_t>(ms_length & 0xff);
  return eap_response(identifier, data);
}

EapPacket parsed(const Bytes& bytes) {
  EapPacket p;
  REQUIRE(parse_eap(bytes, p).ok());
  REQUIRE(verify_eap(p).ok());
  return p;
}

UserSecret password(const std::string& pw) { return UserSecret{SecretBytes(as_bytes(pw)), SecretBytes()}; }

// Checks an MS-CHAPv2 Request's framing (OpCode, MS-CHAPv2-ID = the EAP
// identifier, MS-Length from the OpCode to the end) and returns what follows.
std::string ms_request_body(const Bytes& packet, uint8_t opcode, uint8_t identifier) {
  const EapPacket p = parsed(packet);
  REQUIRE(p.code == EapCode::kRequest);
  REQUIRE(p.identifier == identifier);
  REQUIRE(p.type == EapType::kMschapv2);
  REQUIRE(p.data.size() >= 4);
  CHECK(p.data[0] == opcode);
  CHECK(p.data[1] == identifier);
  CHECK(static_cast<size_t>(p.data[2] << 8 | p.data[3]) == p.data.size());
  return text(p.data.subspan(4));
}

}  // namespace

TEST_CASE("EAP-MSCHAPv2 authenticates RFC 2759 9.2's peer", "[eap][mschapv2][vectors]") {
  ScriptedProvider crypto;
  crypto.script(unhex(kAuthenticatorChallenge));
  auto method = make_mschapv2(crypto, "ikecore");
  CHECK(method->type() == EapType::kMschapv2);

  const Step challenge = method->start(kId, kUserName);
  REQUIRE(challenge.kind == Step::Kind::kSend);
  // 01 2a 0021 1a | 01 2a 001c | 10 | AuthenticatorChallenge | "ikecore"
  CHECK(hex(challenge.packet) == "012a00211a" "012a001c" "10" + hex(unhex(kAuthenticatorChallenge)) +
                                     hex(as_bytes("ikecore")));

  std::string name = kUserName;
  SECTION("with the password") {}
  SECTION("with a domain before the user name (RFC 2759 8.2 hashes the name alone)") { name = "EXAMPLE\\User"; }

  const Step need = method->on_response(parsed(challenge_response(kId, name)), kId + 1);
  REQUIRE(need.kind == Step::Kind::kNeedSecret);
  CHECK(need.user == kUserName);  // the EAP identity the method started with
  CHECK(method->on_response(parsed(challenge_response(kId, name)), kId + 1).kind == Step::Kind::kIgnore);

  const Step success_request = method->on_secret(password(kPassword), kId + 1);
  REQUIRE(success_request.kind == Step::Kind::kSend);
  const std::string body = ms_request_body(success_request.packet, 3, kId + 1);
  // RFC 2759 §5: "S=<auth_string> M=<message>".
  CHECK(absl::StartsWith(body, kAuthenticatorResponse + " M="));
  CHECK(body.size() > kAuthenticatorResponse.size() + 3);
  CHECK(method->msk().empty());  // not before the Success-Response

  // draft §2.4 Success-Response: the OpCode alone. 02 2b 0006 1a 03.
  const Step done = method->on_response(parsed(unhex("022b00061a03")), kId + 2);
  REQUIRE(done.kind == Step::Kind::kSuccess);
  CHECK(hex(done.packet) == "032b0004");
  REQUIRE(method->msk().size() == 64);
  const ByteView msk = method->msk().view();
  CHECK(hex(msk.subspan(0, 16)) == kReceiveStartKey128);
  CHECK(hex(msk.subspan(16, 16)) == kSendStartKey128);
  CHECK(hex(msk.subspan(32)) == std::string(64, '0'));
  CHECK(method->on_response(parsed(unhex("022b00061a03")), kId + 2).kind == Step::Kind::kIgnore);
}

TEST_CASE("EAP-MSCHAPv2 hashes the Response's Name, and asks for the EAP identity's secret",
          "[eap][mschapv2][vectors]") {
  // The EAP identity is an address; the peer's Name field is §9.2's "User",
  // which is what enters ChallengeHash (as Windows and strongSwan do).
  ScriptedProvider crypto;
  crypto.script(unhex(kAuthenticatorChallenge));
  auto method = make_mschapv2(crypto, "ikecore");
  REQUIRE(method->start(kId, "user@example.com").kind == Step::Kind::kSend);
  const Step need = method->on_response(parsed(challenge_response(kId, kUserName)), kId + 1);
  REQUIRE(need.kind == Step::Kind::kNeedSecret);
  CHECK(need.user == "user@example.com");
  const Step success_request = method->on_secret(password(kPassword), kId + 1);
  REQUIRE(success_request.kind == Step::Kind::kSend);
  CHECK(absl::StartsWith(ms_request_body(success_request.packet, 3, kId + 1), kAuthenticatorResponse + " M="));
}

TEST_CASE("EAP-MSCHAPv2 accepts the NT hash instead of the password", "[eap][mschapv2][vectors]") {
  ScriptedProvider crypto;
  crypto.script(unhex(kAuthenticatorChallenge));
  auto method = make_mschapv2(crypto, "ikecore");
  REQUIRE(method->start(kId, kUserName).kind == Step::Kind::kSend);
  REQUIRE(method->on_response(parsed(challenge_response(kId, kUserName)), kId + 1).kind ==
          Step::Kind::kNeedSecret);
  UserSecret secret;
  secret.nt_hash = SecretBytes(unhex(kPasswordHash));  // RFC 2759 §9.2 PasswordHash
  const Step success_request = method->on_secret(secret, kId + 1);
  REQUIRE(success_request.kind == Step::Kind::kSend);
  CHECK(absl::StartsWith(ms_request_body(success_request.packet, 3, kId + 1), kAuthenticatorResponse + " M="));
  const Step done = method->on_response(parsed(unhex("022b00061a03")), kId + 2);
  REQUIRE(done.kind == Step::Kind::kSuccess);
  CHECK(hex(method->msk().view().subspan(16, 16)) == kSendStartKey128);
}

TEST_CASE("EAP-MSCHAPv2: an unknown user looks exactly like a wrong password", "[eap][mschapv2]") {
  const std::string next_challenge = "000102030405060708090A0B0C0D0E0F";
  // RFC 2759 §6 Failure packet, R=0 (no retry), V=3, in a Failure-Request.
  const std::string expected_body = "E=691 R=0 C=" + next_challenge + " V=3 M=Authentication failed";

  auto failure_request = [&](bool unknown) {
    ScriptedProvider crypto;
    crypto.script(unhex(kAuthenticatorChallenge));
    if (unknown) crypto.script(unhex("ffffffffffffffffffffffffffffffff"));  // the stand-in hash
    crypto.script(unhex(next_challenge));
    auto method = make_mschapv2(crypto, "ikecore");
    REQUIRE(method->start(kId, kUserName).kind == Step::Kind::kSend);
    REQUIRE(method->on_response(parsed(challenge_response(kId, kUserName)), kId + 1).kind ==
            Step::Kind::kNeedSecret);
    const Step request = unknown ? method->on_secret(absl::NotFoundError("no such user"), kId + 1)
                                 : method->on_secret(password("clientPasS"), kId + 1);
    REQUIRE(request.kind == Step::Kind::kSend);
    CHECK(ms_request_body(request.packet, 4, kId + 1) == expected_body);
    CHECK(method->msk().empty());
    // draft §2.6 Failure-Response: OpCode 4. 02 2b 0006 1a 04.
    const Step done = method->on_response(parsed(unhex("022b00061a04")), kId + 2);
    REQUIRE(done.kind == Step::Kind::kFailure);
    CHECK(hex(done.packet) == "042b0004");
    CHECK_FALSE(done.reason.empty());
    CHECK(method->msk().empty());
    return request.packet;
  };
  const Bytes wrong_password = failure_request(false);
  const Bytes unknown_user = failure_request(true);
  CHECK(hex(wrong_password) == hex(unknown_user));
}

TEST_CASE("EAP-MSCHAPv2: a wrong NT-Response is refused", "[eap][mschapv2]") {
  ScriptedProvider crypto;
  crypto.script(unhex(kAuthenticatorChallenge));
  auto method = make_mschapv2(crypto, "ikecore");
  REQUIRE(method->start(kId, kUserName).kind == Step::Kind::kSend);
  std::string bad = kNtResponse;
  bad[47] = 'E';  // ...D6DF -> ...D6DE
  REQUIRE(method->on_response(parsed(challenge_response(kId, kUserName, bad)), kId + 1).kind ==
          Step::Kind::kNeedSecret);
  const Step request = method->on_secret(password(kPassword), kId + 1);
  REQUIRE(request.kind == Step::Kind::kSend);
  CHECK(absl::StartsWith(ms_request_body(request.packet, 4, kId + 1), "E=691 R=0 C="));
  // The peer answering the Failure-Request with anything still ends in EAP-Failure.
  const Step done = method->on_response(parsed(unhex("022b00061a03")), kId + 2);
  REQUIRE(done.kind == Step::Kind::kFailure);
  CHECK(hex(done.packet) == "042b0004");
}

TEST_CASE("EAP-MSCHAPv2 failures and ignored packets", "[eap][mschapv2]") {
  ScriptedProvider crypto;
  crypto.script(unhex(kAuthenticatorChallenge));
  auto method = make_mschapv2(crypto, "ikecore");
  REQUIRE(method->start(kId, kUserName).kind == Step::Kind::kSend);

  SECTION("Value-Size other than 49") {
    const Step s = method->on_response(parsed(challenge_response(kId, kUserName, kNtResponse, 48)), kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "042a0004");
  }
  SECTION("a truncated Response") {
    const Step s = method->on_response(parsed(unhex("022a00091a022a0031")), kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "042a0004");
  }
  SECTION("a Response OpCode other than 2") {
    const Step s = method->on_response(parsed(unhex("022a00061a03")), kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
  }
  SECTION("another MS-CHAPv2-ID is dropped") {
    Bytes r = challenge_response(kId, kUserName);
    r[6] = kId + 5;  // MS-CHAPv2-ID, after the 5-octet EAP header and OpCode
    CHECK(method->on_response(parsed(r), kId + 1).kind == Step::Kind::kIgnore);
    CHECK(method->on_response(parsed(challenge_response(kId, kUserName)), kId + 1).kind ==
          Step::Kind::kNeedSecret);
  }
  SECTION("a verdict or a secret nobody asked for") {
    CHECK(method->on_password_verdict(true, kId + 1).kind == Step::Kind::kIgnore);
    CHECK(method->on_secret(password(kPassword), kId + 1).kind == Step::Kind::kIgnore);
  }
  SECTION("a backend error other than NotFound") {
    REQUIRE(method->on_response(parsed(challenge_response(kId, kUserName)), kId + 1).kind ==
            Step::Kind::kNeedSecret);
    const Step s = method->on_secret(absl::UnavailableError("RADIUS down"), kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "042a0004");
  }
  SECTION("an empty secret") {
    REQUIRE(method->on_response(parsed(challenge_response(kId, kUserName)), kId + 1).kind ==
            Step::Kind::kNeedSecret);
    const Step s = method->on_secret(UserSecret{}, kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
  }
  SECTION("the Success-Request answered with something else") {
    REQUIRE(method->on_response(parsed(challenge_response(kId, kUserName)), kId + 1).kind ==
            Step::Kind::kNeedSecret);
    REQUIRE(method->on_secret(password(kPassword), kId + 1).kind == Step::Kind::kSend);
    const Step s = method->on_response(parsed(unhex("022b00071a0300")), kId + 2);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "042b0004");
    CHECK(method->msk().empty());
  }
}

TEST_CASE("EAP-MSCHAPv2 through the conversation yields RFC 2759 9.2's response and the MSK",
          "[eap][mschapv2][conversation][vectors]") {
  ScriptedProvider crypto;
  crypto.script(unhex("29"));  // the Identity Request's identifier
  crypto.script(unhex(kAuthenticatorChallenge));
  ConversationConfig cfg;
  cfg.methods = {EapType::kMschapv2};
  cfg.server_name = "srv";
  Conversation conv(crypto, cfg, "ike-id");
  REQUIRE(hex(conv.start().packet) == "0129000501");
  // 02 29 0009 01 "User"
  const Step challenge = conv.on_packet(unhex("022900090155736572"));
  REQUIRE(challenge.kind == Step::Kind::kSend);
  CHECK(conv.identity() == kUserName);
  CHECK(ms_request_body(challenge.packet, 1, kId) == "\x10" + text(unhex(kAuthenticatorChallenge)) + "srv");

  const Step need = conv.on_packet(challenge_response(kId, kUserName));
  REQUIRE(need.kind == Step::Kind::kNeedSecret);
  CHECK(need.user == kUserName);
  const Step success_request = conv.on_secret(password(kPassword));
  REQUIRE(success_request.kind == Step::Kind::kSend);
  CHECK(absl::StartsWith(ms_request_body(success_request.packet, 3, kId + 1), kAuthenticatorResponse + " M="));
  CHECK(conv.msk().empty());
  const Step done = conv.on_packet(unhex("022b00061a03"));
  REQUIRE(done.kind == Step::Kind::kSuccess);
  CHECK(hex(done.packet) == "032b0004");
  CHECK(conv.succeeded());
  REQUIRE(conv.msk().size() == 64);
  CHECK(hex(conv.msk().view().subspan(16, 16)) == kSendStartKey128);
  CHECK(conv.on_packet(unhex("022b00061a03")).kind == Step::Kind::kIgnore);
}
