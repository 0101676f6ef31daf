#include <chrono>

#include "absl/strings/str_format.h"
#include "ikecore/trace/trace.h"

namespace ikecore {

const char* to_string(TraceKind kind) {
  switch (kind) {
    case TraceKind::kReceived: return "recv";
    case TraceKind::kSent: return "send";
    case TraceKind::kProposal: return "proposal";
    case TraceKind::kState: return "state";
    case TraceKind::kRetransmit: return "retransmit";
    case TraceKind::kDrop: return "drop";
    case TraceKind::kAuth: return "auth";
    case TraceKind::kEap: return "eap";
    case TraceKind::kConfig: return "config";
    case TraceKind::kChildSa: return "child-sa";
    case TraceKind::kTimer: return "timer";
  }
  return "?";
}

void TextTraceSink::on_trace(const TraceEvent& event) {
  if (!started_) {
    started_ = true;
    first_ = event.when;
  }
  double seconds = std::chrono::duration<double>(event.when - first_).count();
  std::string sa = event.spi_i || event.spi_r ? absl::StrFormat("(SA %016x/%016x)", event.spi_i, event.spi_r)
                                              : std::string("(no SA)");
  out_ << absl::StrFormat("%10.3f IKEv2: %s: [%s] %s\n", seconds, sa, to_string(event.kind), event.text);
}

}  // namespace ikecore
