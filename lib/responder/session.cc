#include "ikecore/responder/session.h"

namespace ikecore {
namespace {

ResponderConfig one_sa(ResponderConfig config) {
  config.max_ike_sas = 1;
  return config;
}

}  // namespace

Session::Session(ResponderConfig config, Providers providers) : responder_(one_sa(std::move(config)), providers) {}

// started_: an SA exists or existed; finished_: it existed and is gone.
void Session::update() {
  if (responder_.sa_count() != 0) started_ = true;
  else if (started_) finished_ = true;
}

void Session::feed(const Datagram& in, TimePoint now) {
  if (finished_) return;
  responder_.feed(in, now);
  update();
}

void Session::handle_timeout(TimePoint now) {
  responder_.handle_timeout(now);
  update();
}

void Session::complete(Ticket ticket, ProviderAnswer answer, TimePoint now) {
  responder_.complete(ticket, std::move(answer), now);
  update();
}

void Session::shutdown(TimePoint now) {
  responder_.shutdown(now);
  started_ = finished_ = true;
}

std::optional<IkeSaView> Session::view(TimePoint now) const {
  std::vector<IkeSaView> sas = responder_.sas(now);
  if (sas.empty()) return std::nullopt;
  return sas.front();
}

}  // namespace ikecore
