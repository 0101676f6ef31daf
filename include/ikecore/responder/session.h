// One IKE SA driven on its own, with the Responder's shape (feed, poll,
// timers, complete, a view): for hosts that route datagrams by SPI
// themselves, e.g. to spread SAs over worker threads. A Session takes the
// first IKE_SA_INIT that creates an SA and from then on only that SA's
// datagrams; once the SA is gone (deleted, failed, timed out) it is
// finished and takes nothing more.
#pragma once

#include <optional>

#include "ikecore/responder/responder.h"

namespace ikecore {

class Session {
 public:
  // `config.max_ike_sas` is set to 1.
  Session(ResponderConfig config, Providers providers);

  void feed(const Datagram& in, TimePoint now);
  std::optional<Datagram> poll_output() { return responder_.poll_output(); }
  std::optional<Event> poll_event() { return responder_.poll_event(); }
  std::optional<TimePoint> next_timeout() const { return responder_.next_timeout(); }
  void handle_timeout(TimePoint now);
  void complete(Ticket ticket, ProviderAnswer answer, TimePoint now);
  // Sends an INFORMATIONAL DELETE for the SA, if any, and finishes.
  void shutdown(TimePoint now);

  // The SA, once IKE_SA_INIT made it (its SPIs route later datagrams).
  std::optional<IkeSaView> view(TimePoint now) const;
  bool finished() const { return finished_; }
  uint64_t dropped(DropReason r) const { return responder_.dropped(r); }

 private:
  void update();

  Responder responder_;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace ikecore
