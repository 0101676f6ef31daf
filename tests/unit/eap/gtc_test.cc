// EAP Generic Token Card, server side (RFC 3748 §5.6), with the plain
// Response (the password) and the Cisco form "RESPONSE=<user>\0<password>".
#include <string>

#include <catch2/catch.hpp>

#include "ikecore/base/bytes.h"
#include "ikecore/eap/server.h"

using namespace ikecore;
using namespace ikecore::eap;

namespace {

std::string hex(ByteView v) { return to_hex(v); }

Bytes gtc_response(uint8_t identifier, const std::string& data) {
  EapPacket p;
  p.code = EapCode::kResponse;
  p.identifier = identifier;
  p.type = EapType::kGtc;
  p.data = as_bytes(data);
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

constexpr uint8_t kId = 0x07;

}  // namespace

TEST_CASE("GTC: Request carries the prompt", "[eap][gtc]") {
  auto method = make_gtc("Token: ");
  CHECK(method->type() == EapType::kGtc);
  const Step request = method->start(kId, "alice");
  REQUIRE(request.kind == Step::Kind::kSend);
  // 01 07 000c 06 "Token: "
  CHECK(hex(request.packet) == "0107000c06" + hex(as_bytes("Token: ")));
  CHECK(method->msk().empty());
}

TEST_CASE("GTC: a plain password Response", "[eap][gtc]") {
  auto method = make_gtc("Password: ");
  REQUIRE(method->start(kId, "alice").kind == Step::Kind::kSend);
  const Step check = method->on_response(parsed(gtc_response(kId, "s3cret")), kId + 1);
  REQUIRE(check.kind == Step::Kind::kNeedPasswordCheck);
  CHECK(check.user == "alice");
  CHECK(hex(check.password.view()) == hex(as_bytes("s3cret")));
  // Waiting for the verdict: no second check, no secret.
  CHECK(method->on_response(parsed(gtc_response(kId, "other")), kId + 1).kind == Step::Kind::kIgnore);
  CHECK(method->on_secret(absl::NotFoundError("x"), kId + 1).kind == Step::Kind::kIgnore);

  SECTION("accepted") {
    const Step done = method->on_password_verdict(true, kId + 1);
    REQUIRE(done.kind == Step::Kind::kSuccess);
    CHECK(hex(done.packet) == "03070004");
    CHECK(method->msk().empty());  // §5.6 derives no keys
  }
  SECTION("rejected") {
    const Step done = method->on_password_verdict(false, kId + 1);
    REQUIRE(done.kind == Step::Kind::kFailure);
    CHECK(hex(done.packet) == "04070004");
    CHECK_FALSE(done.reason.empty());
  }
  CHECK(method->on_password_verdict(true, kId + 1).kind == Step::Kind::kIgnore);
}

TEST_CASE("GTC: the Cisco RESPONSE=user\\0password form", "[eap][gtc]") {
  auto method = make_gtc("Password: ");
  REQUIRE(method->start(kId, "alice").kind == Step::Kind::kSend);

  SECTION("the EAP identity's user") {
    const Step check = method->on_response(parsed(gtc_response(kId, std::string("RESPONSE=alice\0s3cret", 21))),
                                           kId + 1);
    REQUIRE(check.kind == Step::Kind::kNeedPasswordCheck);
    CHECK(check.user == "alice");
    CHECK(hex(check.password.view()) == hex(as_bytes("s3cret")));
    CHECK(method->on_password_verdict(true, kId + 1).kind == Step::Kind::kSuccess);
  }
  SECTION("a password with a NUL keeps everything after the first NUL") {
    const Step check = method->on_response(parsed(gtc_response(kId, std::string("RESPONSE=alice\0a\0b", 18))),
                                           kId + 1);
    REQUIRE(check.kind == Step::Kind::kNeedPasswordCheck);
    CHECK(hex(check.password.view()) == "610062");
  }
  SECTION("another user") {
    const Step s = method->on_response(parsed(gtc_response(kId, std::string("RESPONSE=bob\0s3cret", 19))), kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04070004");
  }
  SECTION("no NUL after the user") {
    const Step s = method->on_response(parsed(gtc_response(kId, "RESPONSE=alice")), kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04070004");
  }
  SECTION("an empty password") {
    const Step s = method->on_response(parsed(gtc_response(kId, std::string("RESPONSE=alice\0", 15))), kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
  }
}

TEST_CASE("GTC: refusals and dropped packets", "[eap][gtc]") {
  auto method = make_gtc("Password: ");
  CHECK(method->on_password_verdict(true, kId).kind == Step::Kind::kIgnore);  // before start
  REQUIRE(method->start(kId, "alice").kind == Step::Kind::kSend);
  SECTION("an empty Response") {
    const Step s = method->on_response(parsed(gtc_response(kId, "")), kId + 1);
    REQUIRE(s.kind == Step::Kind::kFailure);
    CHECK(hex(s.packet) == "04070004");
  }
  SECTION("another identifier") {
    CHECK(method->on_response(parsed(gtc_response(kId + 1, "pw")), kId + 1).kind == Step::Kind::kIgnore);
    CHECK(method->on_password_verdict(true, kId + 1).kind == Step::Kind::kIgnore);
    CHECK(method->on_response(parsed(gtc_response(kId, "pw")), kId + 1).kind == Step::Kind::kNeedPasswordCheck);
  }
}
