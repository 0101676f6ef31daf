// EAP-MSCHAPv2, server side: draft-kamath-pppext-eap-mschapv2-02 §2 framing
// around RFC 2759 MS-CHAPv2, keys per RFC 3079 (ikecore/crypto/mschapv2.h).
//
//   Challenge (1) -> Response (2) -> Success-Request (3) -> Success-Response (3) -> EAP-Success
//                                 \-> Failure-Request (4) -> Failure-Response (4) -> EAP-Failure
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ikecore/crypto/mschapv2.h"
#include "ikecore/eap/server.h"

namespace ikecore::eap {
namespace {

namespace ms = ikecore::mschapv2;

// draft-kamath §2: OpCodes.
enum class OpCode : uint8_t { kChallenge = 1, kResponse = 2, kSuccess = 3, kFailure = 4 };

// OpCode(1) | MS-CHAPv2-ID(1) | MS-Length(2)
constexpr size_t kMsLengthOffset = 2;
// draft-kamath §2.2 Response Value: Peer-Challenge(16) | Reserved(8) | NT-Response(24) | Flags(1).
constexpr size_t kReservedSize = 8;
constexpr size_t kResponseValueSize = ms::kChallengeSize + kReservedSize + ms::kNtResponseSize + 1;
static_assert(kResponseValueSize == 49);

// RFC 2759 §6: ERROR_AUTHENTICATION_FAILURE, no retry, version 3.
constexpr char kFailureMessage[] = "Authentication failed";
constexpr char kSuccessMessage[] = "Authentication succeeded";

Step ignore(std::string reason) {
  Step step;
  step.kind = Step::Kind::kIgnore;
  step.reason = std::move(reason);
  return step;
}

// RFC 3748 §4.2: the identifier of the Response this answers.
Step finish(Step::Kind kind, uint8_t identifier, std::string reason) {
  EapPacket packet;
  packet.code = kind == Step::Kind::kSuccess ? EapCode::kSuccess : EapCode::kFailure;
  packet.identifier = identifier;
  Step step;
  step.kind = kind;
  step.reason = std::move(reason);
  serialize_eap(packet, step.packet).IgnoreError();  // a bare header cannot fail
  return step;
}

ByteView text_bytes(absl::string_view text) {
  return ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

absl::string_view bytes_text(ByteView bytes) {
  return absl::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::string upper_hex(ByteView bytes) { return absl::AsciiStrToUpper(to_hex(bytes)); }

class Mschapv2 final : public ServerMethod {
 public:
  Mschapv2(CryptoProvider& crypto, std::string server_name)
      : crypto_(crypto), server_name_(std::move(server_name)) {}

  EapType type() const override { return EapType::kMschapv2; }

  Step start(uint8_t identifier, const std::string& user) override {
    user_ = user;
    identifier_ = identifier;
    crypto_.random(absl::MakeSpan(authenticator_challenge_));
    // §2.1 Challenge: Value-Size | Challenge | Name.
    Bytes body;
    body.push_back(static_cast<uint8_t>(ms::kChallengeSize));
    body.insert(body.end(), authenticator_challenge_.begin(), authenticator_challenge_.end());
    const ByteView name = text_bytes(server_name_);
    body.insert(body.end(), name.begin(), name.end());
    return send(OpCode::kChallenge, identifier, body, State::kWaitResponse);
  }

  Step on_response(const EapPacket& response, uint8_t /*next_identifier*/) override {
    if (response.code != EapCode::kResponse || response.type != EapType::kMschapv2 ||
        response.identifier != identifier_)
      return ignore("not a Response to our EAP-MSCHAPv2 Request");
    ByteReader r(response.data);
    uint8_t op = 0;
    if (!r.read_u8(op)) return fail("EAP-MSCHAPv2 Response without an OpCode");
    switch (state_) {
      case State::kWaitResponse:
        if (op != static_cast<uint8_t>(OpCode::kResponse))
          return fail(absl::StrCat("EAP-MSCHAPv2 OpCode ", int{op}, " in answer to the Challenge"));
        return on_challenge_response(r);
      case State::kWaitSuccessAck:
        // §2.4: the Success-Response is the OpCode alone.
        if (op != static_cast<uint8_t>(OpCode::kSuccess) || !r.empty())
          return fail("EAP-MSCHAPv2 Success-Request not acknowledged");
        state_ = State::kDone;
        msk_ = std::move(pending_msk_);
        return finish(Step::Kind::kSuccess, identifier_, "");
      case State::kWaitFailureAck:
        // §2.6: the peer acknowledges the Failure-Request with OpCode 4; the
        // outcome is EAP-Failure whatever it sends (R=0: no retry).
        state_ = State::kDone;
        if (op != static_cast<uint8_t>(OpCode::kFailure))
          return finish(Step::Kind::kFailure, identifier_,
                        absl::StrCat("EAP-MSCHAPv2: ", failure_reason_, "; then OpCode ", int{op},
                                     " in answer to the Failure-Request"));
        return finish(Step::Kind::kFailure, identifier_, absl::StrCat("EAP-MSCHAPv2: ", failure_reason_));
      case State::kIdle:
      case State::kWaitSecret:
      case State::kDone:
        break;
    }
    return ignore("EAP-MSCHAPv2 Response out of turn");
  }

  Step on_secret(absl::StatusOr<UserSecret> secret, uint8_t next_identifier) override {
    if (state_ != State::kWaitSecret) return ignore("no EAP-MSCHAPv2 Response waits for a secret");

    // An unknown user is answered exactly as a wrong password (the same
    // Failure-Request after the same computation, with a random hash), so
    // neither the packets nor the timing tell which check failed.
    bool known = true;
    SecretBytes password_hash;
    if (!secret.ok()) {
      if (secret.status().code() != absl::StatusCode::kNotFound)
        return fail(absl::StrCat("EAP-MSCHAPv2: user backend: ", secret.status().ToString()));
      known = false;
      password_hash = SecretBytes(ms::kPasswordHashSize);
      crypto_.random(password_hash.mutable_view());
    } else if (!secret->nt_hash.empty()) {
      password_hash = std::move(secret->nt_hash);
    } else if (!secret->password.empty()) {
      absl::StatusOr<SecretBytes> hash = ms::NtPasswordHash(crypto_, bytes_text(secret->password.view()));
      if (!hash.ok()) return fail(absl::StrCat("EAP-MSCHAPv2: the stored password: ", hash.status().ToString()));
      password_hash = std::move(*hash);
    } else {
      return fail("EAP-MSCHAPv2: the backend has neither a password nor an NT hash for the user");
    }

    // RFC 2759 §8.2: the user name without its domain enters ChallengeHash;
    // the name is the one the peer sent, as Windows and strongSwan hash it.
    const absl::string_view hashed_name = ms::user_name_without_domain(peer_name_);
    absl::StatusOr<Bytes> expected = ms::GenerateNTResponseFromHash(
        crypto_, authenticator_challenge_, peer_challenge_, hashed_name, password_hash.view());
    if (!expected.ok()) return fail(absl::StrCat("EAP-MSCHAPv2: ", expected.status().ToString()));
    const bool match = constant_time_equal(*expected, nt_response_);
    if (!known || !match) {
      failure_reason_ = known ? "wrong password" : "unknown user";
      return send_failure_request(next_identifier);
    }

    absl::StatusOr<std::string> authenticator_response = ms::GenerateAuthenticatorResponseFromHash(
        crypto_, password_hash.view(), nt_response_, peer_challenge_, authenticator_challenge_, hashed_name);
    if (!authenticator_response.ok())
      return fail(absl::StrCat("EAP-MSCHAPv2: ", authenticator_response.status().ToString()));
    absl::StatusOr<SecretBytes> msk = ms::msk(crypto_, password_hash.view(), nt_response_);
    if (!msk.ok()) return fail(absl::StrCat("EAP-MSCHAPv2: MSK: ", msk.status().ToString()));
    pending_msk_ = std::move(*msk);
    // §2.3 Success-Request; RFC 2759 §5: "S=<auth_string> M=<message>".
    const std::string message = absl::StrCat(*authenticator_response, " M=", kSuccessMessage);
    return send(OpCode::kSuccess, next_identifier, text_bytes(message), State::kWaitSuccessAck);
  }

  Step on_password_verdict(bool, uint8_t) override {
    return ignore("EAP-MSCHAPv2 asks for no password check");
  }

  const SecretBytes& msk() const override { return msk_; }

 private:
  enum class State : uint8_t { kIdle, kWaitResponse, kWaitSecret, kWaitSuccessAck, kWaitFailureAck, kDone };

  // draft-kamath §2.2 Response: Value-Size(49) | Peer-Challenge(16) |
  // Reserved(8) | NT-Response(24) | Flags(1) | Name. `r` is past the OpCode.
  Step on_challenge_response(ByteReader& r) {
    uint8_t ms_id = 0;
    uint16_t ms_length = 0;
    uint8_t value_size = 0;
    ByteView peer_challenge, reserved, nt_response;
    uint8_t flags = 0;
    if (!(r.read_u8(ms_id) && r.read_u16(ms_length) && r.read_u8(value_size)))
      return fail("EAP-MSCHAPv2 Response header truncated");
    // MS-Length repeats what the EAP Length says; like hostapd and strongSwan
    // we go by the EAP Length.
    (void)ms_length;
    if (ms_id != identifier_) return ignore("EAP-MSCHAPv2 Response to another MS-CHAPv2-ID");
    if (value_size != kResponseValueSize)
      return fail(absl::StrCat("EAP-MSCHAPv2 Response Value-Size ", int{value_size}, ", not 49"));
    if (!(r.read_bytes(ms::kChallengeSize, peer_challenge) && r.read_bytes(kReservedSize, reserved) &&
          r.read_bytes(ms::kNtResponseSize, nt_response) && r.read_u8(flags)))
      return fail("EAP-MSCHAPv2 Response Value truncated");
    // RFC 2759 §4: Reserved and Flags are zero; peers are not held to it
    // (neither hostapd nor strongSwan checks).
    const ByteView name = r.rest();
    if (name.size() > ms::kMaxUserNameSize) return fail("EAP-MSCHAPv2 Response Name over 256 octets");
    std::copy(peer_challenge.begin(), peer_challenge.end(), peer_challenge_.begin());
    std::copy(nt_response.begin(), nt_response.end(), nt_response_.begin());
    peer_name_.assign(name.begin(), name.end());
    state_ = State::kWaitSecret;
    // The secret is the EAP identity's: the Name only enters ChallengeHash,
    // so the user authenticated is always the one the conversation names.
    Step step;
    step.kind = Step::Kind::kNeedSecret;
    step.user = user_;
    return step;
  }

  // RFC 2759 §6 Failure packet, carried in a Failure-Request (draft §2.5).
  Step send_failure_request(uint8_t identifier) {
    std::array<uint8_t, ms::kChallengeSize> next_challenge{};
    crypto_.random(absl::MakeSpan(next_challenge));
    const std::string message =
        absl::StrCat("E=691 R=0 C=", upper_hex(next_challenge), " V=3 M=", kFailureMessage);
    return send(OpCode::kFailure, identifier, text_bytes(message), State::kWaitFailureAck);
  }

  // An EAP Request carrying OpCode | MS-CHAPv2-ID | MS-Length | body, with
  // MS-CHAPv2-ID the EAP identifier and MS-Length counted from the OpCode.
  Step send(OpCode op, uint8_t identifier, ByteView body, State next) {
    Bytes data;
    ByteWriter w(data);
    w.put_u8(static_cast<uint8_t>(op));
    w.put_u8(identifier);
    w.put_u16(0);
    w.put_bytes(body);
    if (data.size() > UINT16_MAX) return fail("EAP-MSCHAPv2 Request too long");
    w.patch_u16(kMsLengthOffset, static_cast<uint16_t>(data.size()));
    EapPacket packet;
    packet.code = EapCode::kRequest;
    packet.identifier = identifier;
    packet.type = EapType::kMschapv2;
    packet.data = data;
    Step step;
    step.kind = Step::Kind::kSend;
    if (absl::Status s = serialize_eap(packet, step.packet); !s.ok())
      return fail(absl::StrCat("cannot build the EAP-MSCHAPv2 Request: ", s.message()));
    identifier_ = identifier;
    state_ = next;
    return step;
  }

  Step fail(std::string reason) {
    state_ = State::kDone;
    pending_msk_.clear();
    return finish(Step::Kind::kFailure, identifier_, std::move(reason));
  }

  CryptoProvider& crypto_;
  const std::string server_name_;
  State state_ = State::kIdle;
  std::string user_;
  uint8_t identifier_ = 0;  // of our last Request
  std::array<uint8_t, ms::kChallengeSize> authenticator_challenge_{};
  std::array<uint8_t, ms::kChallengeSize> peer_challenge_{};
  std::array<uint8_t, ms::kNtResponseSize> nt_response_{};
  std::string peer_name_;
  std::string failure_reason_;
  SecretBytes pending_msk_;  // until the Success-Response
  SecretBytes msk_;
};

}  // namespace

std::unique_ptr<ServerMethod> make_mschapv2(CryptoProvider& crypto, std::string server_name) {
  return std::make_unique<Mschapv2>(crypto, std::move(server_name));
}

}  // namespace ikecore::eap
