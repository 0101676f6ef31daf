// The EAP conversation (RFC 3748): the Identity round (§5.1), Response
// identifiers (§4.1), method choice by legacy Nak (§5.3.1), Success /
// Failure (§4.2) and the end of the conversation. Expected packets are
// written out from the RFC's layouts: Code | Identifier | Length (2) | Type |
// Type-Data.
#include <deque>
#include <string>

#include <catch2/catch.hpp>

#include "ikecore/base/bytes.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/eap/server.h"

using namespace ikecore;
using namespace ikecore::eap;

namespace {

// The BoringSSL provider, whose random() hands out scripted bytes first.
class ScriptedProvider : public BoringSslProvider {
 public:
  void script(ByteView bytes) { queue_.insert(queue_.end(), bytes.begin(), bytes.end()); }
  void script_octet(uint8_t b) { queue_.push_back(b); }
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

Bytes response(uint8_t identifier, EapType type, ByteView data) {
  EapPacket p;
  p.code = EapCode::kResponse;
  p.identifier = identifier;
  p.type = type;
  p.data = data;
  Bytes out;
  REQUIRE(serialize_eap(p, out).ok());
  return out;
}

Bytes response(uint8_t identifier, EapType type, const std::string& data) {
  return response(identifier, type, as_bytes(data));
}

ConversationConfig config(std::vector<EapType> methods, bool ask_identity = true) {
  ConversationConfig c;
  c.methods = std::move(methods);
  c.ask_identity = ask_identity;
  return c;
}

// Starts with the Identity round, first identifier 0x41, and answers "alice".
Step through_identity(Conversation& conv) {
  Step first = conv.start();
  REQUIRE(first.kind == Step::Kind::kSend);
  // §5.1 Identity Request, no Type-Data: 01 41 0005 01.
  CHECK(hex(first.packet) == "0141000501");
  return conv.on_packet(response(0x41, EapType::kIdentity, std::string("alice")));
}

}  // namespace

TEST_CASE("EAP conversation: Identity round, then the first method's Request", "[eap][conversation]") {
  ScriptedProvider crypto;
  crypto.script_octet(0x41);
  Conversation conv(crypto, config({EapType::kGtc, EapType::kMd5Challenge}), "ike-id");
  CHECK(conv.identity() == "ike-id");
  const Step next = through_identity(conv);
  REQUIRE(next.kind == Step::Kind::kSend);
  CHECK(conv.identity() == "alice");
  CHECK(conv.method() == EapType::kGtc);
  // The identifier increments: GTC Request 01 42 000f 06 "Password: ".
  CHECK(hex(next.packet) == "0142000f06" + hex(as_bytes("Password: ")));
}

TEST_CASE("EAP conversation: the identifier wraps from 0xff to 0x00", "[eap][conversation]") {
  ScriptedProvider crypto;
  crypto.script_octet(0xff);
  Conversation conv(crypto, config({EapType::kGtc}), "ike-id");
  REQUIRE(hex(conv.start().packet) == "01ff000501");
  const Step next = conv.on_packet(response(0xff, EapType::kIdentity, std::string("alice")));
  REQUIRE(next.kind == Step::Kind::kSend);
  CHECK(next.packet[1] == 0x00);
}

TEST_CASE("EAP conversation without the Identity round uses the IKE identity", "[eap][conversation]") {
  ScriptedProvider crypto;
  crypto.script_octet(0x10);
  Conversation conv(crypto, config({EapType::kGtc}, /*ask_identity=*/false), "bob@example.com");
  const Step first = conv.start();
  REQUIRE(first.kind == Step::Kind::kSend);
  CHECK(hex(first.packet) == "0110000f06" + hex(as_bytes("Password: ")));
  CHECK(conv.identity() == "bob@example.com");
  // An Identity Response is now a Type we did not ask for (§2.1): discarded.
  CHECK(conv.on_packet(response(0x10, EapType::kIdentity, std::string("mallory"))).kind == Step::Kind::kIgnore);
  CHECK(conv.identity() == "bob@example.com");
}

TEST_CASE("EAP conversation refuses an empty or oversized identity", "[eap][conversation]") {
  ScriptedProvider crypto;
  SECTION("empty Identity Response") {
    crypto.script_octet(0x20);
    Conversation conv(crypto, config({EapType::kGtc}), "");
    conv.start();
    const Step s = conv.on_packet(response(0x20, EapType::kIdentity, std::string()));
    REQUIRE(s.kind == Step::Kind::kFailure);
    // §4.2 Failure, the identifier of the Response: 04 20 0004.
    CHECK(hex(s.packet) == "04200004");
    CHECK_FALSE(s.reason.empty());
  }
  SECTION("257 octets") {
    crypto.script_octet(0x20);
    Conversation conv(crypto, config({EapType::kGtc}), "");
    conv.start();
    const Step s = conv.on_packet(response(0x20, EapType::kIdentity, std::string(257, 'a')));
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04200004");
  }
  SECTION("256 octets are accepted") {
    crypto.script_octet(0x20);
    Conversation conv(crypto, config({EapType::kGtc}), "");
    conv.start();
    CHECK(conv.on_packet(response(0x20, EapType::kIdentity, std::string(256, 'a'))).kind == Step::Kind::kSend);
    CHECK(conv.identity().size() == 256);
  }
  SECTION("an empty IKE identity when the Identity round is skipped") {
    Conversation conv(crypto, config({EapType::kGtc}, false), "");
    CHECK(conv.start().kind == Step::Kind::kFailure);
  }
}

TEST_CASE("EAP conversation ignores what is not an answer to its last Request", "[eap][conversation]") {
  ScriptedProvider crypto;
  crypto.script_octet(0x41);
  Conversation conv(crypto, config({EapType::kGtc}), "ike-id");

  // Before start(): nothing is expected.
  CHECK(conv.on_packet(response(0x41, EapType::kIdentity, std::string("alice"))).kind == Step::Kind::kIgnore);
  conv.start();

  // §4.1: a Response with another identifier.
  const Step wrong_id = conv.on_packet(response(0x40, EapType::kIdentity, std::string("alice")));
  CHECK(wrong_id.kind == Step::Kind::kIgnore);
  CHECK_FALSE(wrong_id.reason.empty());
  CHECK(conv.on_packet(response(0x42, EapType::kIdentity, std::string("alice"))).kind == Step::Kind::kIgnore);
  // A Request (code 1), a Success (code 3) from the peer.
  CHECK(conv.on_packet(unhex("01410006016a")).kind == Step::Kind::kIgnore);
  CHECK(conv.on_packet(unhex("03410004")).kind == Step::Kind::kIgnore);
  // Malformed: Length says 9, 6 octets present; Length below 5.
  CHECK(conv.on_packet(unhex("02410009016a")).kind == Step::Kind::kIgnore);
  CHECK(conv.on_packet(unhex("02410004")).kind == Step::Kind::kIgnore);
  CHECK(conv.on_packet({}).kind == Step::Kind::kIgnore);
  // Invalid (verify_eap): Type 0.
  CHECK(conv.on_packet(unhex("0241000600aa")).kind == Step::Kind::kIgnore);
  // §2.1: a Type other than the Request's.
  CHECK(conv.on_packet(response(0x41, EapType::kGtc, std::string("pw"))).kind == Step::Kind::kIgnore);
  // None of that moved the conversation: the right answer still works.
  CHECK(conv.identity() == "ike-id");
  const Step ok = conv.on_packet(response(0x41, EapType::kIdentity, std::string("alice")));
  REQUIRE(ok.kind == Step::Kind::kSend);
  CHECK(ok.packet[1] == 0x42);
  // The Identity Response again, now that the GTC Request is out.
  CHECK(conv.on_packet(response(0x41, EapType::kIdentity, std::string("alice"))).kind == Step::Kind::kIgnore);
  // A backend answer nobody asked for.
  CHECK(conv.on_password_verdict(true).kind == Step::Kind::kIgnore);
  CHECK(conv.on_secret(UserSecret{}).kind == Step::Kind::kIgnore);
  CHECK_FALSE(conv.succeeded());
}

TEST_CASE("EAP conversation switches methods on a legacy Nak", "[eap][conversation][nak]") {
  ScriptedProvider crypto;
  crypto.script_octet(0x41);
  Conversation conv(crypto, config({EapType::kMschapv2, EapType::kGtc, EapType::kMd5Challenge}), "ike-id");
  const Step first = through_identity(conv);
  REQUIRE(first.kind == Step::Kind::kSend);
  CHECK(conv.method() == EapType::kMschapv2);
  CHECK(first.packet[4] == 26);

  SECTION("the first of our methods, in our order, that the peer lists") {
    // §5.3.1 Nak 02 42 0007 03 | 04 06: MD5 and GTC wanted; we prefer GTC.
    const Step s = conv.on_packet(unhex("020200070304 06"));  // wrong identifier first
    CHECK(s.kind == Step::Kind::kIgnore);
    const Step gtc = conv.on_packet(unhex("02420007030406"));
    REQUIRE(gtc.kind == Step::Kind::kSend);
    CHECK(conv.method() == EapType::kGtc);
    CHECK(hex(gtc.packet) == "0143000f06" + hex(as_bytes("Password: ")));

    SECTION("a second Nak goes on to a method not yet proposed") {
      // Lists MS-CHAPv2 (already Nak'ed) and MD5.
      const Step md5 = conv.on_packet(unhex("02430007031a04"));
      REQUIRE(md5.kind == Step::Kind::kSend);
      CHECK(conv.method() == EapType::kMd5Challenge);
      CHECK(md5.packet[1] == 0x44);
      CHECK(md5.packet[4] == 4);
      // Only what was tried is left: failure, with the Nak's identifier.
      const Step none = conv.on_packet(unhex("02440007031a06"));
      REQUIRE(none.kind == Step::Kind::kFailure);
      CHECK(hex(none.packet) == "04440004");
    }
    SECTION("a Nak after the method's first Response is a failure (§2.1)") {
      const Step check = conv.on_packet(response(0x43, EapType::kGtc, std::string("pw")));
      REQUIRE(check.kind == Step::Kind::kNeedPasswordCheck);
      const Step nak = conv.on_packet(unhex("0243000603 04"));
      REQUIRE(nak.kind == Step::Kind::kFailure);
      CHECK(hex(nak.packet) == "04430004");
    }
  }
  SECTION("no method of ours listed") {
    // Nak of TLS (13) and TTLS (21).
    const Step s = conv.on_packet(unhex("02420007030d15"));
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04420004");
    CHECK_FALSE(conv.succeeded());
  }
  SECTION("Type 0: no alternative") {
    const Step s = conv.on_packet(unhex("020000060300"));
    CHECK(s.kind == Step::Kind::kIgnore);  // identifier 0x00 is not ours
    const Step t = conv.on_packet(unhex("024200060300"));
    REQUIRE(t.kind == Step::Kind::kFailure);
    CHECK(hex(t.packet) == "04420004");
  }
  SECTION("listing only the method in use") {
    const Step s = conv.on_packet(unhex("02420006031a"));
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04420004");
  }
}

TEST_CASE("EAP conversation: Success carries the last Response's identifier; then everything is ignored",
          "[eap][conversation]") {
  ScriptedProvider crypto;
  crypto.script_octet(0x7f);
  Conversation conv(crypto, config({EapType::kGtc}), "ike-id");
  conv.start();
  REQUIRE(conv.on_packet(response(0x7f, EapType::kIdentity, std::string("alice"))).kind == Step::Kind::kSend);
  const Step check = conv.on_packet(response(0x80, EapType::kGtc, std::string("secret")));
  REQUIRE(check.kind == Step::Kind::kNeedPasswordCheck);
  CHECK(check.user == "alice");
  CHECK(hex(check.password.view()) == hex(as_bytes("secret")));
  // While the backend works, a duplicate Response changes nothing.
  CHECK(conv.on_packet(response(0x80, EapType::kGtc, std::string("other"))).kind == Step::Kind::kIgnore);

  const Step done = conv.on_password_verdict(true);
  REQUIRE(done.kind == Step::Kind::kSuccess);
  // §4.2 Success: 03 80 0004.
  CHECK(hex(done.packet) == "03800004");
  CHECK(conv.succeeded());
  CHECK(conv.msk().empty());  // GTC makes no keys

  CHECK(conv.on_packet(response(0x80, EapType::kGtc, std::string("secret"))).kind == Step::Kind::kIgnore);
  CHECK(conv.on_packet(response(0x81, EapType::kGtc, std::string("secret"))).kind == Step::Kind::kIgnore);
  CHECK(conv.on_password_verdict(false).kind == Step::Kind::kIgnore);
  CHECK(conv.on_secret(absl::NotFoundError("x")).kind == Step::Kind::kIgnore);
  CHECK(conv.start().kind == Step::Kind::kIgnore);
  CHECK(conv.succeeded());
}

TEST_CASE("EAP conversation: Failure ends it too", "[eap][conversation]") {
  ScriptedProvider crypto;
  crypto.script_octet(0x00);
  Conversation conv(crypto, config({EapType::kGtc}, false), "alice");
  conv.start();
  REQUIRE(conv.on_packet(response(0x00, EapType::kGtc, std::string("wrong"))).kind ==
          Step::Kind::kNeedPasswordCheck);
  const Step done = conv.on_password_verdict(false);
  REQUIRE(done.kind == Step::Kind::kFailure);
  CHECK(hex(done.packet) == "04000004");
  CHECK_FALSE(done.reason.empty());
  CHECK_FALSE(conv.succeeded());
  CHECK(conv.on_password_verdict(true).kind == Step::Kind::kIgnore);
  CHECK(conv.on_packet(response(0x00, EapType::kGtc, std::string("right"))).kind == Step::Kind::kIgnore);
  CHECK_FALSE(conv.succeeded());
}

TEST_CASE("EAP conversation without a usable method fails at once", "[eap][conversation]") {
  ScriptedProvider crypto;
  SECTION("no method configured") {
    Conversation conv(crypto, config({}), "alice");
    const Step s = conv.start();
    CHECK(s.kind == Step::Kind::kFailure);
    CHECK(s.packet.size() == 4);
    CHECK(s.packet[0] == 4);
  }
  SECTION("a method we do not implement") {
    crypto.script_octet(0x05);
    Conversation conv(crypto, config({EapType::kTls}), "alice");
    conv.start();
    const Step s = conv.on_packet(response(0x05, EapType::kIdentity, std::string("alice")));
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04050004");
  }
}
