// EAP Generic Token Card, server side (RFC 3748 §5.6): the password travels
// in the clear inside the IKE SA and the user backend checks it.
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ikecore/eap/server.h"

namespace ikecore::eap {
namespace {

// Cisco clients (AnyConnect, IOS) answer "RESPONSE=<user>\0<password>"
// (the form hostapd's eap_server_gtc.c and strongSwan's eap-gtc accept too).
constexpr absl::string_view kCiscoPrefix = "RESPONSE=";

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

class Gtc final : public ServerMethod {
 public:
  explicit Gtc(std::string prompt) : prompt_(std::move(prompt)) {}

  EapType type() const override { return EapType::kGtc; }

  Step start(uint8_t identifier, const std::string& user) override {
    user_ = user;
    identifier_ = identifier;
    // §5.6: the Request's Type-Data is a displayable message.
    EapPacket packet;
    packet.code = EapCode::kRequest;
    packet.identifier = identifier;
    packet.type = EapType::kGtc;
    packet.data = text_bytes(prompt_);
    Step step;
    step.kind = Step::Kind::kSend;
    if (absl::Status s = serialize_eap(packet, step.packet); !s.ok())
      return fail(absl::StrCat("cannot build the GTC Request: ", s.message()));
    state_ = State::kWaitResponse;
    return step;
  }

  Step on_response(const EapPacket& response, uint8_t) override {
    if (state_ != State::kWaitResponse) return ignore("GTC Response out of turn");
    if (response.code != EapCode::kResponse || response.type != EapType::kGtc ||
        response.identifier != identifier_)
      return ignore("not a Response to our GTC Request");
    ByteView password = response.data;
    const absl::string_view text(reinterpret_cast<const char*>(response.data.data()), response.data.size());
    if (absl::StartsWith(text, kCiscoPrefix)) {
      const size_t nul = text.find('\0', kCiscoPrefix.size());
      if (nul == absl::string_view::npos) return fail("GTC RESPONSE= without the NUL after the user name");
      const absl::string_view user = text.substr(kCiscoPrefix.size(), nul - kCiscoPrefix.size());
      // The user proven must be the one the conversation names.
      if (user != user_) return fail("GTC RESPONSE= names another user than the EAP identity");
      password = password.subspan(nul + 1);
    }
    // An empty password is refused here: some backends (an LDAP simple bind)
    // take it for an anonymous login and succeed.
    if (password.empty()) return fail("GTC Response with an empty password");
    state_ = State::kWaitVerdict;
    Step step;
    step.kind = Step::Kind::kNeedPasswordCheck;
    step.user = user_;
    step.password = SecretBytes(password);
    return step;
  }

  Step on_secret(absl::StatusOr<UserSecret>, uint8_t) override { return ignore("GTC asks for no secret"); }

  Step on_password_verdict(bool accepted, uint8_t) override {
    if (state_ != State::kWaitVerdict) return ignore("no GTC Response waits for a verdict");
    if (!accepted) return fail("GTC: password rejected");
    state_ = State::kDone;
    return finish(Step::Kind::kSuccess, identifier_, "");
  }

  const SecretBytes& msk() const override { return no_msk_; }  // §5.6: no keys

 private:
  enum class State : uint8_t { kIdle, kWaitResponse, kWaitVerdict, kDone };

  Step fail(std::string reason) {
    state_ = State::kDone;
    return finish(Step::Kind::kFailure, identifier_, std::move(reason));
  }

  const std::string prompt_;
  State state_ = State::kIdle;
  std::string user_;
  uint8_t identifier_ = 0;
  SecretBytes no_msk_;
};

}  // namespace

std::unique_ptr<ServerMethod> make_gtc(std::string prompt) { return std::make_unique<Gtc>(std::move(prompt)); }

}  // namespace ikecore::eap
