// The responder engine: owns many IKE SAs and routes datagrams to them by
// SPI. Sans-IO: datagrams and time come in, datagrams, events and one
// deadline go out (see the architecture guide).
//
// Exchanges: IKE_SA_INIT; IKE_AUTH with PSK, certificates (RSA, ECDSA,
// RFC 7427) or EAP (MD5, MSCHAPv2, GTC) for the peer; the configuration
// payload; the CHILD SA created with IKE_AUTH; CREATE_CHILD_SA (new CHILD
// SAs, CHILD SA and IKE SA rekeys the initiator starts); INFORMATIONAL
// liveness checks and DELETE both ways; dead peer detection; cookies.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ikecore/base/bytes.h"
#include "ikecore/base/endpoint.h"
#include "ikecore/base/time.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/responder/config.h"
#include "ikecore/responder/proposal.h"
#include "ikecore/responder/providers.h"
#include "ikecore/responder/sa_view.h"
#include "ikecore/trace/trace.h"
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
    kIkeSaHalfOpen,     // IKE_SA_INIT answered; keys derived
    kIkeSaEstablished,  // IKE_AUTH done (`detail`: the peer's identity)
    kChildSaInstalled,  // a CHILD SA handed to the installer (`child_spi_in`/`_out`)
    kChildSaDeleted,    // a CHILD SA removed from the installer
    kIkeSaDeleted,      // removed (reason in `detail`)
    kEspPacket,         // an ESP packet on port 4500, handed back untouched in `esp`
    kKeyLog,            // config.keylog: `detail` is a line of Wireshark's table `table`
  };
  Kind kind{};
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  uint32_t child_spi_in = 0;
  uint32_t child_spi_out = 0;
  std::string detail;
  // kKeyLog: the Wireshark table file the line belongs to
  // (kWiresharkIkev2TableFile or kWiresharkEspTableFile, crypto/keylog.h).
  const char* table = nullptr;
  Datagram esp;
};

// Why a datagram was not processed; each is counted.
enum class DropReason : uint8_t {
  kMalformed,          // structural parse failed
  kInvalid,            // semantic verify failed
  kUnknownSpi,         // no IKE SA with that responder SPI
  kRetransmitChanged,  // same message ID as the last request, different bytes
  kOutsideWindow,      // a message ID neither the next one nor the last one (§2.3)
  kIntegrity,          // the SK payload's ICV / tag did not verify (§2.21.1: dropped)
  kBusy,               // a retransmission while the answer waits for a provider
  kUnexpected,         // a response, or a request that fits no state
  kKeepalive,          // NAT keepalive (RFC 3948 §2.3): not an error
  kLimit,              // a new IKE_SA_INIT at ResponderConfig::max_ike_sas
  kCount,
};
std::string to_string(DropReason r);

class Responder {
 public:
  Responder(ResponderConfig config, Providers providers);
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

  std::vector<IkeSaView> sas(TimePoint now) const;
  uint64_t dropped(DropReason r) const;
  size_t sa_count() const;

  // Deletes an IKE SA (§1.4.1), as `clear crypto ikev2 sa` does: its CHILD
  // SAs at once, then the IKE SA when the peer answers our DELETE (or after
  // the retransmissions). False: no such SA.
  bool delete_ike_sa(uint64_t spi_r, TimePoint now);
  // Deletes one CHILD SA, named by our inbound SPI, and tells the peer.
  bool delete_child_sa(uint64_t spi_r, uint32_t spi_in, TimePoint now);
  // Sends an INFORMATIONAL DELETE for every IKE SA (once, no retransmission)
  // and removes them all, releasing leases and CHILD SAs: a clean shutdown.
  void shutdown(TimePoint now);

 private:
  struct Engine;  // the whole state (lib/responder/engine.h)
  std::unique_ptr<Engine> engine_;
};

}  // namespace ikecore
