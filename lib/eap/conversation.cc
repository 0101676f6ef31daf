// The EAP conversation (RFC 3748, as RFC 7296 §2.16 carries it): Identity,
// method choice with the legacy Nak, the method, Success / Failure. The
// methods themselves are in md5_challenge.cc, mschapv2_method.cc and gtc.cc.
#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ikecore/eap/server.h"

namespace ikecore::eap {
namespace {

// RFC 3748 §5.1 leaves the Identity's size open; 256 octets is what RADIUS
// carries in User-Name (RFC 2865 §5.1 allows 253) with some room, and what
// MS-CHAPv2 hashes (RFC 2759 §8.2 "0-to-256-char").
constexpr size_t kMaxIdentitySize = 256;

Step ignore(std::string reason) {
  Step step;
  step.kind = Step::Kind::kIgnore;
  step.reason = std::move(reason);
  return step;
}

// §4.2: the identifier of the Response this answers.
Step failure(uint8_t identifier, std::string reason) {
  EapPacket packet;
  packet.code = EapCode::kFailure;
  packet.identifier = identifier;
  Step step;
  step.kind = Step::Kind::kFailure;
  step.reason = std::move(reason);
  serialize_eap(packet, step.packet).IgnoreError();  // a bare header cannot fail
  return step;
}

Step request(uint8_t identifier, EapType type, ByteView data) {
  EapPacket packet;
  packet.code = EapCode::kRequest;
  packet.identifier = identifier;
  packet.type = type;
  packet.data = data;
  Step step;
  step.kind = Step::Kind::kSend;
  if (absl::Status s = serialize_eap(packet, step.packet); !s.ok())
    return failure(identifier, absl::StrCat("cannot build the Request: ", s.message()));
  return step;
}

std::unique_ptr<ServerMethod> make_method(EapType type, CryptoProvider& crypto, const ConversationConfig& config) {
  switch (type) {
    case EapType::kMd5Challenge:
      return make_md5_challenge(crypto);
    case EapType::kMschapv2:
      return make_mschapv2(crypto, config.server_name);
    case EapType::kGtc:
      return make_gtc(config.gtc_prompt);
    default:
      return nullptr;
  }
}

}  // namespace

Conversation::Conversation(CryptoProvider& crypto, ConversationConfig config, std::string ike_identity)
    : crypto_(crypto), config_(std::move(config)), identity_(std::move(ike_identity)) {}

Conversation::~Conversation() = default;

EapType Conversation::method() const {
  if (method_) return method_->type();
  return config_.methods.empty() ? EapType{} : config_.methods.front();
}

const SecretBytes& Conversation::msk() const {
  return succeeded_ && method_ ? method_->msk() : no_msk_;
}

uint8_t Conversation::next_identifier() { return static_cast<uint8_t>(last_identifier_ + 1); }

Step Conversation::track(Step step) {
  switch (step.kind) {
    case Step::Kind::kSend: {
      EapPacket sent;
      if (parse_eap(step.packet, sent).ok()) last_identifier_ = sent.identifier;
      break;
    }
    case Step::Kind::kSuccess:
      finished_ = true;
      succeeded_ = true;
      break;
    case Step::Kind::kFailure:
      finished_ = true;
      break;
    case Step::Kind::kNeedSecret:
    case Step::Kind::kNeedPasswordCheck:
    case Step::Kind::kIgnore:
      break;
  }
  return step;
}

Step Conversation::start() {
  if (finished_ || identity_round_ || method_) return ignore("the conversation has already started");
  // Identifiers start at a random value (RFC 3748 §4.1 asks only for
  // uniqueness; a random start makes them unpredictable across SAs).
  uint8_t first = 0;
  crypto_.random(absl::MakeSpan(&first, 1));
  last_identifier_ = static_cast<uint8_t>(first - 1);

  if (config_.methods.empty()) return track(failure(next_identifier(), "no EAP method configured"));
  if (config_.ask_identity) {
    identity_round_ = true;
    // §5.1: the Request's Type-Data is an optional displayable message; none.
    return track(request(next_identifier(), EapType::kIdentity, {}));
  }
  if (identity_.empty() || identity_.size() > kMaxIdentitySize)
    return track(failure(next_identifier(), "the IKE identity is not usable as the EAP identity"));
  return begin_method(config_.methods.front());
}

Step Conversation::begin_method(EapType type) {
  identity_round_ = false;
  method_answered_ = false;
  proposed_.push_back(type);
  method_ = make_method(type, crypto_, config_);
  if (!method_)
    return track(failure(last_identifier_, absl::StrCat("EAP method ", to_string(type), " is not supported")));
  return track(method_->start(next_identifier(), identity_));
}

Step Conversation::on_packet(ByteView bytes) {
  if (finished_) return ignore("the EAP conversation is over");
  if (!identity_round_ && !method_) return ignore("the EAP conversation has not started");

  EapPacket packet;
  if (ParseError e = parse_eap(bytes, packet); !e.ok()) return ignore(absl::StrCat("malformed EAP packet: ", to_string(e)));
  if (ParseError e = verify_eap(packet); !e.ok()) return ignore(absl::StrCat("invalid EAP packet: ", to_string(e)));
  // §4.1: the authenticator only takes Responses, and only to its last Request.
  if (packet.code != EapCode::kResponse) return ignore(absl::StrCat("EAP ", to_string(packet.code), " from the peer"));
  if (packet.identifier != last_identifier_)
    return ignore(absl::StrCat("EAP Response identifier ", int{packet.identifier}, ", expected ",
                                int{last_identifier_}));

  if (identity_round_) {
    // §2.1: a Response of another Type than the Request's is discarded.
    if (packet.type != EapType::kIdentity)
      return ignore(absl::StrCat("EAP ", to_string(packet.type), " Response to the Identity Request"));
    if (packet.data.empty() || packet.data.size() > kMaxIdentitySize)
      return track(failure(packet.identifier,
                           absl::StrCat("EAP Identity of ", packet.data.size(), " octets (1 to ",
                                        kMaxIdentitySize, " accepted)")));
    identity_.assign(packet.data.begin(), packet.data.end());
    return begin_method(config_.methods.front());
  }

  if (packet.type == EapType::kNak) {
    // §2.1: "A peer MUST NOT send a Nak ... in reply to a Request after an
    // initial non-Nak Response has been sent."
    if (method_answered_) return track(failure(packet.identifier, "EAP Nak in the middle of the method"));
    // §5.3.1: the peer's desired Types; 0 means none. We pick among ours, in
    // our order, skipping what was already proposed (so no Nak loop).
    for (EapType ours : config_.methods) {
      const bool wanted =
          std::find(packet.data.begin(), packet.data.end(), static_cast<uint8_t>(ours)) != packet.data.end();
      const bool tried = std::find(proposed_.begin(), proposed_.end(), ours) != proposed_.end();
      if (wanted && !tried) return begin_method(ours);
    }
    return track(failure(packet.identifier, "the peer's EAP Nak lists none of the other methods we offer"));
  }
  if (packet.type != method_->type())
    return ignore(absl::StrCat("EAP ", to_string(packet.type), " Response during ", to_string(method_->type())));
  method_answered_ = true;
  return track(method_->on_response(packet, next_identifier()));
}

Step Conversation::on_secret(absl::StatusOr<UserSecret> secret) {
  if (finished_ || !method_) return ignore("no EAP method is waiting for a secret");
  return track(method_->on_secret(std::move(secret), next_identifier()));
}

Step Conversation::on_password_verdict(bool accepted) {
  if (finished_ || !method_) return ignore("no EAP method is waiting for a password check");
  return track(method_->on_password_verdict(accepted, next_identifier()));
}

}  // namespace ikecore::eap
