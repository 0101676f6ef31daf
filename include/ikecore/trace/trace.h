// Structured trace of the engine's decisions (architecture guide, principle
// 9): each event names what happened, to which SA, and why. A host installs a
// TraceSink; without one, nothing is formatted.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "ikecore/base/time.h"

namespace ikecore {

enum class TraceKind : uint8_t {
  kReceived,    // a request arrived (exchange, message ID, payloads)
  kSent,        // a response / request left
  kProposal,    // proposal chosen, or why none
  kState,       // SA state change
  kRetransmit,  // a retransmitted request answered from the cache
  kDrop,        // a datagram dropped, with the reason
  kAuth,        // authentication decisions (identity, connection, method, result)
  kEap,         // EAP conversation steps
  kConfig,      // configuration payload: what was asked, what was given
  kChildSa,     // CHILD SA negotiation and installation
  kTimer,       // a timer fired
};
const char* to_string(TraceKind kind);

struct TraceEvent {
  TimePoint when{};
  TraceKind kind{};
  uint64_t spi_i = 0;  // 0 when no SA is concerned
  uint64_t spi_r = 0;
  std::string text;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_trace(const TraceEvent& event) = 0;
};

// Renders events one per line, in the spirit of the ASA debug:
//   IKEv2-PROTO-2: (SA 58aff71141ba436b/fc696330e6b94d7f): [proposal] chose ...
// Times are seconds since the first event.
class TextTraceSink : public TraceSink {
 public:
  explicit TextTraceSink(std::ostream& out) : out_(out) {}
  void on_trace(const TraceEvent& event) override;

 private:
  std::ostream& out_;
  bool started_ = false;
  TimePoint first_{};
};

}  // namespace ikecore
