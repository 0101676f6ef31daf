// EAP MD5-Challenge, server side (RFC 3748 §5.4 on RFC 1994 §4.1 CHAP).
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ikecore/eap/server.h"

namespace ikecore::eap {
namespace {

constexpr size_t kValueSize = 16;  // an MD5 digest; our challenge has the same size

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

class Md5Challenge final : public ServerMethod {
 public:
  explicit Md5Challenge(CryptoProvider& crypto) : crypto_(crypto) {}

  EapType type() const override { return EapType::kMd5Challenge; }

  Step start(uint8_t identifier, const std::string& user) override {
    user_ = user;
    identifier_ = identifier;
    crypto_.random(absl::MakeSpan(challenge_));
    // §5.4: Value-Size | Value | Name; we send no Name.
    Bytes data;
    data.push_back(static_cast<uint8_t>(kValueSize));
    data.insert(data.end(), challenge_.begin(), challenge_.end());
    EapPacket packet;
    packet.code = EapCode::kRequest;
    packet.identifier = identifier;
    packet.type = EapType::kMd5Challenge;
    packet.data = data;
    Step step;
    step.kind = Step::Kind::kSend;
    if (absl::Status s = serialize_eap(packet, step.packet); !s.ok())
      return fail(absl::StrCat("cannot build the MD5-Challenge Request: ", s.message()));
    state_ = State::kWaitResponse;
    return step;
  }

  Step on_response(const EapPacket& response, uint8_t) override {
    if (state_ != State::kWaitResponse) return ignore("MD5-Challenge Response out of turn");
    if (response.code != EapCode::kResponse || response.type != EapType::kMd5Challenge ||
        response.identifier != identifier_)
      return ignore("not a Response to our MD5-Challenge Request");
    // §5.4: Value-Size | Value | Name (the Name is not used: the EAP
    // identity names the user).
    ByteView data = response.data;
    if (data.empty() || data[0] != kValueSize || data.size() - 1 < kValueSize)
      return fail("MD5-Challenge Response Value is not 16 octets");
    const ByteView value = data.subspan(1, kValueSize);
    std::copy(value.begin(), value.end(), value_.begin());
    state_ = State::kWaitSecret;
    Step step;
    step.kind = Step::Kind::kNeedSecret;
    step.user = user_;
    return step;
  }

  Step on_secret(absl::StatusOr<UserSecret> secret, uint8_t) override {
    if (state_ != State::kWaitSecret) return ignore("no MD5-Challenge Response waits for a secret");
    if (!secret.ok()) {
      if (secret.status().code() == absl::StatusCode::kNotFound) return fail("MD5-Challenge: unknown user");
      return fail(absl::StrCat("MD5-Challenge: user backend: ", secret.status().ToString()));
    }
    // An NT hash cannot answer a CHAP challenge: MD5 needs the password.
    if (secret->password.empty()) return fail("MD5-Challenge needs the cleartext password; the backend has none");
    // RFC 1994 §4.1: MD5(Identifier | secret | Challenge), with the
    // Identifier of the Request.
    const uint8_t id = identifier_;
    const ByteView pieces[] = {ByteView(&id, 1), secret->password.view(), ByteView(challenge_)};
    absl::StatusOr<Bytes> expected = crypto_.hash(HashAlgorithm::kMd5, pieces);
    if (!expected.ok()) return fail(absl::StrCat("MD5-Challenge: ", expected.status().ToString()));
    if (!constant_time_equal(*expected, ByteView(value_))) return fail("MD5-Challenge: wrong password");
    state_ = State::kDone;
    return finish(Step::Kind::kSuccess, identifier_, "");
  }

  Step on_password_verdict(bool, uint8_t) override {
    return ignore("MD5-Challenge asks for no password check");
  }

  const SecretBytes& msk() const override { return no_msk_; }  // §5.4: no keys

 private:
  enum class State : uint8_t { kIdle, kWaitResponse, kWaitSecret, kDone };

  Step fail(std::string reason) {
    state_ = State::kDone;
    return finish(Step::Kind::kFailure, identifier_, std::move(reason));
  }

  CryptoProvider& crypto_;
  State state_ = State::kIdle;
  std::string user_;
  uint8_t identifier_ = 0;
  std::array<uint8_t, kValueSize> challenge_{};
  std::array<uint8_t, kValueSize> value_{};
  SecretBytes no_msk_;
};

}  // namespace

std::unique_ptr<ServerMethod> make_md5_challenge(CryptoProvider& crypto) {
  return std::make_unique<Md5Challenge>(crypto);
}

}  // namespace ikecore::eap
