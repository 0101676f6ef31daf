// The EAP server (authenticator) side, as IKEv2 carries it (RFC 7296 §2.16,
// RFC 3748): an EAP-Identity round, then one method, then Success or Failure.
// Sans-IO like the rest of ikecore: the conversation never calls the user
// backend itself; it asks for what it needs (a user's secret, a password
// check) with a Step, and the session feeds the backend's answer back, now or
// after the backend's asynchronous answer arrives.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/wire/eap_packet.h"

namespace ikecore::eap {

// What the user backend knows of a user, for methods that need the secret
// itself: the UTF-8 password, or (EAP-MSCHAPv2 only) the 16-octet NT hash
// (RFC 2759 §8.3 NtPasswordHash) that RADIUS servers keep instead.
struct UserSecret {
  SecretBytes password;
  SecretBytes nt_hash;
};

// What the conversation wants next.
struct Step {
  enum class Kind : uint8_t {
    kSend,                // send `packet` (an EAP Request) and wait for the Response
    kNeedSecret,          // ask the backend for `user`'s secret, then on_secret()
    kNeedPasswordCheck,   // ask the backend whether `password` is `user`'s, then on_password_verdict()
    kSuccess,             // send `packet` (EAP-Success); msk() is ready
    kFailure,             // send `packet` (EAP-Failure); the peer is not authenticated
    kIgnore,              // the packet was not a valid answer (wrong identifier, code...): drop it, keep waiting
  };
  Kind kind = Kind::kIgnore;
  Bytes packet;        // kSend, kSuccess, kFailure: a whole EAP packet
  std::string user;    // kNeedSecret, kNeedPasswordCheck
  SecretBytes password;  // kNeedPasswordCheck (EAP-GTC)
  std::string reason;  // kFailure / kIgnore: why, for the trace (never sent)
};

// One EAP method, server side. Identifiers are chosen by the conversation.
class ServerMethod {
 public:
  virtual ~ServerMethod() = default;
  virtual EapType type() const = 0;
  // The method's first Request, with `identifier`, for the peer `user`.
  virtual Step start(uint8_t identifier, const std::string& user) = 0;
  // A Response of this method type with the identifier of our last Request.
  // May answer kSend with the next Request using `next_identifier`.
  virtual Step on_response(const EapPacket& response, uint8_t next_identifier) = 0;
  virtual Step on_secret(absl::StatusOr<UserSecret> secret, uint8_t next_identifier) = 0;
  virtual Step on_password_verdict(bool accepted, uint8_t next_identifier) = 0;
  // Set once the method succeeded: the MSK, empty when the method makes none
  // (MD5-Challenge, GTC: RFC 7296 §2.16 then keys AUTH with SK_pi / SK_pr).
  virtual const SecretBytes& msk() const = 0;
};

// RFC 3748 §5.4 MD5-Challenge: a 16-octet random challenge; the Response
// Value must be MD5(Identifier | password | challenge) (RFC 1994 §4.1).
std::unique_ptr<ServerMethod> make_md5_challenge(CryptoProvider& crypto);
// draft-kamath-pppext-eap-mschapv2 with RFC 2759: Challenge, Response,
// Success-Request carrying the authenticator response ("S=... M=..."),
// Success-Response; a bad password gets a Failure-Request "E=691 R=0 ..."
// and then EAP-Failure. MSK per RFC 3079 (ikecore/crypto/mschapv2.h).
// `server_name` goes in the Challenge's Name field.
std::unique_ptr<ServerMethod> make_mschapv2(CryptoProvider& crypto, std::string server_name);
// RFC 3748 §5.6 GTC: the Request carries `prompt`; the Response is the
// password (a Cisco-style "RESPONSE=user\0password" is also understood),
// checked by the backend.
std::unique_ptr<ServerMethod> make_gtc(std::string prompt);

struct ConversationConfig {
  // Methods we offer, in order of preference: the first is proposed; a
  // peer's Nak may pick another of these (RFC 3748 §5.3.1).
  std::vector<EapType> methods;
  // Start with EAP-Identity (RFC 3748 §5.1); when false, the IKE identity
  // (IDi data) is the EAP identity.
  bool ask_identity = true;
  std::string server_name = "ikecore";  // MSCHAPv2 Name
  std::string gtc_prompt = "Password: ";
};

// One EAP conversation: Identity (optional), method selection with Nak,
// the method, Success / Failure. Response identifiers must match the last
// Request's (RFC 3748 §4.1); anything else is kIgnore.
class Conversation {
 public:
  Conversation(CryptoProvider& crypto, ConversationConfig config, std::string ike_identity);
  ~Conversation();
  Conversation(const Conversation&) = delete;
  Conversation& operator=(const Conversation&) = delete;

  // The first Request (kSend).
  Step start();
  // An EAP packet from the peer (the IKEv2 EAP payload's content).
  Step on_packet(ByteView packet);
  Step on_secret(absl::StatusOr<UserSecret> secret);
  Step on_password_verdict(bool accepted);

  // The EAP identity (from EAP-Identity, or the IKE identity).
  const std::string& identity() const { return identity_; }
  // The method in use (or the one proposed), once chosen.
  EapType method() const;
  // After kSuccess: the MSK (empty for MD5 / GTC).
  const SecretBytes& msk() const;
  bool succeeded() const { return succeeded_; }

 private:
  Step begin_method(EapType type);
  Step track(Step step);  // records the identifier of a Request sent
  uint8_t next_identifier();

  CryptoProvider& crypto_;
  ConversationConfig config_;
  std::string identity_;
  std::unique_ptr<ServerMethod> method_;
  bool identity_round_ = false;  // waiting for the Identity Response
  // RFC 3748 §2.1: a Nak is only valid before the peer's first Response of
  // the method; and a method once Nak'ed is not proposed again (no loops).
  bool method_answered_ = false;
  std::vector<EapType> proposed_;
  bool succeeded_ = false;
  bool finished_ = false;
  uint8_t last_identifier_ = 0;
  SecretBytes no_msk_;
};

}  // namespace ikecore::eap
