// One IKE SA inside the Responder (internal).
#pragma once

#include <memory>

#include "ikecore/crypto/keys.h"
#include "ikecore/responder/responder.h"

namespace ikecore {

struct Responder::Session {
  enum class State : uint8_t {
    kWaitKeyPair,       // provider generating our key pair
    kWaitSharedSecret,  // provider deriving g^ir
    kInitDone,          // IKE_SA_INIT answered; waiting for IKE_AUTH
  };
  State state = State::kWaitKeyPair;
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  Endpoint local;
  Endpoint remote;
  IkeSuite suite;
  Bytes request;   // IKE_SA_INIT request as received: RealMessage1 (§2.15)
  Bytes response;  // our answer: resent on retransmission, RealMessage2
  Bytes ni;
  Bytes nr;
  Bytes peer_ke;
  std::unique_ptr<KeyExchange> ke;
  SecretBytes shared_secret;  // g^ir, until the keys are derived
  IkeSaKeys keys;
  bool nat_detection = false;  // the request carried NAT detection payloads
  bool nat_local = false;
  bool nat_remote = false;
  bool peer_fragmentation = false;
  bool peer_signature_hashes = false;
  TimePoint deadline{};
};

const char* to_string(Responder::Session::State s);

}  // namespace ikecore
