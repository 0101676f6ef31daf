// One IKE SA inside the Responder (internal).
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ikecore/crypto/keys.h"
#include "ikecore/eap/server.h"
#include "ikecore/responder/responder.h"

namespace ikecore::internal {

struct ChildSa {
  std::string name;
  uint32_t spi_in = 0;
  uint32_t spi_out = 0;
  EspSuite suite;
  std::vector<Selector> local_ts;
  std::vector<Selector> remote_ts;
  bool transport = false;
  bool udp_encapsulation = false;
};

// RFC 7383 reassembly of one fragmented request.
struct Reassembly {
  uint32_t message_id = 0;
  uint16_t total = 0;  // 0: none in progress
  uint16_t count = 0;
  PayloadType first{};  // from fragment 1 only (§2.6)
  uint64_t first_digest = 0;  // fragment 1's datagram: a retransmission is known by it
  size_t bytes = 0;
  std::vector<SecretBytes> parts;
  std::vector<bool> received;
  bool active() const { return total != 0; }
};

struct Session {
  enum class State : uint8_t {
    kWaitKeyPair,       // provider generating our key pair
    kWaitSharedSecret,  // provider deriving g^ir
    kInitDone,          // IKE_SA_INIT answered; waiting for IKE_AUTH
    kAuthenticating,    // IKE_AUTH in progress (see `wait` for what it waits on)
    kEap,               // EAP conversation: waiting for the peer's next EAP message
    kEapDone,           // EAP succeeded: waiting for the final AUTH
    kEstablished,
  };
  // The provider answer an IKE_AUTH step waits for.
  enum class Wait : uint8_t { kNone, kPeerChain, kSignature, kEapBackend, kCreateKeyPair, kCreateSecret };
  // The steps of the first IKE_AUTH request, in order (ike_auth.cc).
  enum class AuthStep : uint8_t { kVerifyChain, kVerifyPeer, kSignOurs, kRespond };

  State state = State::kWaitKeyPair;
  Wait wait = Wait::kNone;
  AuthStep auth_step = AuthStep::kVerifyChain;
  uint64_t tunnel_id = 0;
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  Endpoint local;
  Endpoint remote;
  Endpoint init_remote;  // where IKE_SA_INIT came from (retransmissions are found by it)
  IkeSuite suite;
  TimePoint created{};
  TimePoint established{};
  TimePoint deadline{};

  // IKE_SA_INIT material, kept until IKE_AUTH is done.
  Bytes request;   // RealMessage1 (§2.15); until the response is sent, the retransmission check too
  Bytes response;  // RealMessage2
  Bytes ni;
  Bytes nr;
  Bytes peer_ke;
  std::unique_ptr<KeyExchange> ke;
  SecretBytes shared_secret;  // g^ir, until the keys are derived
  IkeSaKeys keys;
  std::unique_ptr<Prf> prf;  // the suite's objects, made once
  std::unique_ptr<Cipher> cipher;
  std::unique_ptr<Integrity> integrity;
  uint64_t iv_counter_out = 0;

  bool nat_detection = false;  // the request carried NAT detection payloads
  bool nat_local = false;
  bool nat_remote = false;
  bool peer_fragmentation = false;
  bool peer_signature_hashes = false;
  bool peer_childless = false;  // RFC 6023 announced
  bool half_open = false;       // counted in Engine::half_open ...
  IpAddress half_open_source;   // ... and for this address

  // Message IDs (§2.3): the next request we expect; the last one answered,
  // a digest of it and its response for retransmissions.
  uint32_t next_request_id = 1;
  bool answering = false;  // a request is being processed (a provider may be pending)
  uint64_t last_request_digest = 0;
  bool last_request_fragmented = false;
  std::vector<Bytes> last_response;  // datagrams (without the non-ESP marker)
  uint32_t next_own_request_id = 0;
  // Our request in flight (window size 1): DPD or DELETE (own_requests.cc).
  enum class Purpose : uint8_t { kNone, kLiveness, kDeleteIke, kDeleteChild };
  struct OwnRequest {
    Purpose purpose = Purpose::kNone;  // kNone: none outstanding
    uint32_t message_id = 0;
    Bytes datagram;  // as sent, without the non-ESP marker
    uint32_t retransmits = 0;
    TimePoint next_send{};
    uint32_t child_spi = 0;  // kDeleteChild: our inbound SPI of the CHILD SA
  };
  OwnRequest own;
  // Requests waiting for `own` to finish: DELETE of the IKE SA, or of a
  // CHILD SA (our inbound SPI).
  // (A vector: rarely more than one; a deque would allocate ~600 bytes per SA.)
  std::vector<std::pair<Purpose, uint32_t>> queued;
  TimePoint last_heard{};  // the peer's last authenticated message (DPD)
  Reassembly fragments;

  // IKE_AUTH.
  const ConnectionPolicy* connection = nullptr;
  Identity peer_id;
  Identity our_id;
  SecretBytes auth_request;  // the first IKE_AUTH request's inner payloads
  PayloadType auth_request_first{};
  std::unique_ptr<Certificate> peer_cert;
  std::vector<std::unique_ptr<Certificate>> peer_intermediates;
  const CertificateChain* our_chain = nullptr;
  AuthMethod peer_auth_method{};
  Bytes peer_auth_data;
  Bytes our_auth;                 // AUTH data we send
  AuthMethod our_auth_method{};
  SignatureScheme our_auth_scheme{};
  std::string auth_sign;          // for the SA view
  std::string auth_verify;
  std::unique_ptr<eap::Conversation> eap;
  std::string eap_identity;  // kept once established
  bool eap_sent_success = false;

  // A CREATE_CHILD_SA request whose key exchange the provider answers later
  // (create_child_sa.cc).
  struct PendingCreate {
    SecretBytes request;  // its inner payloads
    PayloadType first{};
    std::unique_ptr<KeyExchange> ke;
    SecretBytes shared;
    bool shared_ready = false;
    TimePoint give_up{};  // a provider that never answers does not wedge the SA
  };
  std::unique_ptr<PendingCreate> create;
  // This IKE SA was rekeyed (§2.18): the new one has everything; this one
  // waits for the peer's DELETE.
  bool rekeyed = false;
  // Established.
  std::optional<IpAddress> lease_v4;
  std::optional<IpAddress> lease_v6;
  std::vector<ChildSa> children;
};

const char* to_string(Session::State s);

}  // namespace ikecore::internal
