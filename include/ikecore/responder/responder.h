// The responder engine: owns many IKE SAs and routes datagrams to them by
// SPI. Sans-IO: datagrams and time come in, datagrams, events and one
// deadline go out (see the architecture guide).
//
// Implemented so far: IKE_SA_INIT (proposal selection, INVALID_KE_PAYLOAD and
// NO_PROPOSAL_CHOSEN answered statelessly, KE and nonce, NAT detection,
// fragmentation and signature-hash announcements, CERTREQ, the IKE SA keys,
// retransmission answered from the cached response, asynchronous key
// exchange, the half-open timeout). Later exchanges are not implemented yet:
// their messages are counted as dropped.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ikecore/base/bytes.h"
#include "ikecore/base/endpoint.h"
#include "ikecore/base/time.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/responder/config.h"
#include "ikecore/responder/proposal.h"
#include "ikecore/wire/message.h"

namespace ikecore {

// One UDP datagram and the path it took. On port 4500 IKE messages carry the
// 4-byte non-ESP marker (RFC 3948 §2.2); the engine strips and adds it.
struct Datagram {
  Endpoint local;
  Endpoint remote;
  Bytes data;
};

struct Event {
  enum class Kind : uint8_t {
    kIkeSaHalfOpen,  // IKE_SA_INIT answered; keys derived
    kIkeSaDeleted,   // removed (reason in `detail`)
    kEspPacket,      // an ESP packet on port 4500, handed back untouched in `esp`
    kKeyLog,         // config.keylog: `detail` is an ikev2_decryption_table line
  };
  Kind kind{};
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  std::string detail;
  Datagram esp;
};

// Why a datagram was not processed; each is counted.
enum class DropReason : uint8_t {
  kMalformed,          // structural parse failed
  kInvalid,            // semantic verify failed
  kUnknownSpi,         // no IKE SA with that responder SPI
  kRetransmitChanged,  // same message ID as the last request, different bytes
  kNotImplemented,     // an exchange this version does not handle yet
  kUnexpected,         // a response, or a request that fits no state
  kKeepalive,          // NAT keepalive (RFC 3948 §2.3): not an error
  kCount,
};
std::string to_string(DropReason r);

// The state of one IKE SA as `show crypto ikev2 sa` would print it.
struct IkeSaView {
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  Endpoint local;
  Endpoint remote;
  std::string state;
  IkeSuite suite;
  bool nat_local = false;   // a NAT in front of us
  bool nat_remote = false;  // a NAT in front of the peer
  bool peer_fragmentation = false;
};

class Responder {
 public:
  Responder(ResponderConfig config, CryptoProvider& crypto);
  ~Responder();
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;

  void feed(const Datagram& in, TimePoint now);
  std::optional<Datagram> poll_output();
  std::optional<Event> poll_event();
  std::optional<TimePoint> next_timeout() const;
  void handle_timeout(TimePoint now);
  // Resumes the operation that returned Pending with `ticket`.
  void complete(Ticket ticket, ProviderAnswer answer, TimePoint now);

  std::vector<IkeSaView> sas() const;
  uint64_t dropped(DropReason r) const { return drops_[static_cast<size_t>(r)]; }

  struct Session;  // one IKE SA (internal)

 private:
  void on_ike_sa_init(const Datagram& in, ByteView ike, const Message& m, TimePoint now);
  void continue_init(Session& s, TimePoint now);
  void send(const Endpoint& local, const Endpoint& remote, ByteView ike);
  void answer_with_notify(const Datagram& in, const Header& request, NotifyType type, ByteView data);
  void remove(uint64_t spi_r, const std::string& reason);
  void drop(DropReason r) { ++drops_[static_cast<size_t>(r)]; }
  uint64_t new_spi();
  void arm_timer(Session& s, TimePoint deadline);

  ResponderConfig config_;
  CryptoProvider& crypto_;
  absl::flat_hash_map<uint64_t, std::unique_ptr<Session>> by_spi_r_;
  // (SPIi, remote) of SAs still in IKE_SA_INIT: retransmissions of the
  // request find their SA here (§2.1).
  struct InitKey {
    uint64_t spi_i;
    Endpoint remote;
    friend bool operator==(const InitKey&, const InitKey&) = default;
    template <class H>
    friend H AbslHashValue(H h, const InitKey& k) {
      return H::combine(std::move(h), k.spi_i, k.remote);
    }
  };
  absl::flat_hash_map<InitKey, uint64_t> by_init_;
  // Provider tickets (Pending answers) -> SPIr of the SA waiting for them.
  absl::flat_hash_map<uint64_t, uint64_t> pending_;
  std::multimap<TimePoint, uint64_t> timers_;        // deadline -> SPIr (stale entries skipped)
  // Reused for every datagram: its arena keeps its chunk, so parsing makes
  // no heap allocation per packet.
  Message parsed_;
  std::deque<Datagram> output_;
  std::deque<Event> events_;
  uint64_t drops_[static_cast<size_t>(DropReason::kCount)] = {};
};

}  // namespace ikecore
