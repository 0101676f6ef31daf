// The Responder's state and its steps (internal). Each exchange lives in
// its own file: ike_sa_init.cc, protected_exchange.cc (message IDs, SK),
// ike_auth.cc, eap_exchange.cc, child_sa.cc, informational.cc.
#pragma once

#include <concepts>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "ikecore/responder/responder.h"
#include "cookies.h"
#include "session.h"

namespace ikecore {

using internal::ChildSa;
using internal::Session;

// The body of the first payload of `type` in `m`, or null.
template <class T>
const T* body(const Message& m, PayloadType type) {
  const Payload* p = m.find(type);
  return p ? p->get<T>() : nullptr;
}

// Inner payloads of a response being built; owns what the payloads view.
struct Reply {
  std::vector<Payload> payloads;
  // Lists: stable addresses for the views, and (unlike libstdc++'s deque)
  // no allocation for a reply that does not use them.
  std::list<Bytes> storage;
  std::list<EspProposalStorage> proposals;
  std::list<std::vector<TrafficSelector>> selectors;
  ByteView keep(Bytes b) {
    storage.push_back(std::move(b));
    return storage.back();
  }
  void notify(NotifyType type, ByteView data = {}) {
    payloads.push_back({PayloadType::kNotify, false, NotifyPayload{ProtocolId::kNone, {}, type, data}});
  }
};

struct Responder::Engine {
  Engine(ResponderConfig c, Providers p) : config(std::move(c)), providers(p), crypto(p.crypto) {}

  ResponderConfig config;
  Providers providers;
  CryptoProvider& crypto;
  absl::flat_hash_map<uint64_t, std::unique_ptr<Session>> by_spi_r;
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
  absl::flat_hash_map<InitKey, uint64_t> by_init;
  // Half-open SAs (before IKE_AUTH completes), in all and per source address
  // (§2.6 DoS limits); Session::half_open says whether an SA is counted.
  size_t half_open = 0;
  absl::flat_hash_map<IpAddress, uint32_t> half_open_by_source;
  internal::CookieJar cookies;
  // Provider tickets (Pending answers) -> SPIr of the SA waiting for them.
  absl::flat_hash_map<uint64_t, uint64_t> pending;
  std::multimap<TimePoint, uint64_t> timers;  // deadline -> SPIr (stale entries skipped)
  // Reused for every datagram: its arena keeps its chunk, so parsing makes
  // no heap allocation per packet.
  Message parsed;
  Message inner;  // the decrypted payloads of a protected request
  std::deque<Datagram> output;
  std::deque<Event> events;
  uint64_t drops[static_cast<size_t>(DropReason::kCount)] = {};
  uint64_t next_tunnel_id = 1;
  TimePoint clock{};

  // responder.cc
  void feed(const Datagram& in, TimePoint now);
  void complete(Ticket ticket, ProviderAnswer answer, TimePoint now);
  void handle_timeout(TimePoint now);
  void send(const Endpoint& local, const Endpoint& remote, ByteView ike);
  void answer_with_notify(const Datagram& in, const Header& request, NotifyType type, ByteView data);
  void remove(uint64_t spi_r, const std::string& reason);
  void drop(DropReason r, const Session* s, const std::string& why);
  uint64_t new_spi();
  void arm_timer(Session& s, TimePoint deadline);
  void purge_stale_timers();
  void park(Session& s, Ticket ticket, Session::Wait wait);
  void event(Event::Kind kind, const Session& s, std::string detail = {});
  void child_event(Event::Kind kind, const Session& s, const ChildSa& c);
  // The IKE SA's keys as a kKeyLog event (config.keylog).
  void log_ike_keys(const Session& s);
  bool tracing() const { return providers.trace != nullptr; }
  // Trace events carry `clock`, the time of the entry point being run. The
  // text may be given as a callable, run only when a trace sink listens
  // (formatting is most of a trace's cost).
  void trace(TraceKind kind, const Session* s, std::string text);
  template <class MakeText>
  requires std::invocable<MakeText>
  void trace(TraceKind kind, const Session* s, MakeText make) {
    if (tracing()) trace(kind, s, std::string(make()));
  }

  // ike_sa_init.cc
  void on_ike_sa_init(const Datagram& in, ByteView ike, const Message& m, TimePoint now);
  // §2.6: false when the request is not served now (dropped at a limit, or
  // answered with a COOKIE).
  bool admit_ike_sa_init(const Datagram& in, const Message& m, TimePoint now);
  void count_half_open(Session& s, bool on);
  void continue_init(Session& s, TimePoint now);

  // protected_exchange.cc
  void on_protected(const Datagram& in, ByteView ike, const Message& m, TimePoint now);
  // Encrypts `reply` as the response to the request being answered, sends
  // it and caches it for retransmissions. False when it could not be made:
  // the SA is then removed and `s` must not be used again.
  bool respond(Session& s, ExchangeType exchange, Reply& reply, TimePoint now);
  // Protects `reply` as our next request (message ID next_own_request_id);
  // false when it cannot be encoded.
  bool build_request(Session& s, ExchangeType exchange, const Reply& reply, Bytes& out);

  // own_requests.cc: our requests (DPD, DELETE), one at a time (§2.3),
  // retransmitted with backoff; the established SA's timer.
  void start_request(Session& s, Session::Purpose purpose, uint32_t child_spi, TimePoint now);
  void on_response(Session& s, ByteView ike, const Message& m, TimePoint now);
  void on_established_timer(Session& s, TimePoint now);
  void rearm(Session& s);
  bool delete_ike_sa(uint64_t spi_r, TimePoint now);
  bool delete_child_sa(uint64_t spi_r, uint32_t spi_in, TimePoint now);

  // ike_auth.cc
  void on_ike_auth(Session& s, const Message& inner, TimePoint now);
  void advance_auth(Session& s, TimePoint now);
  void auth_failed(Session& s, TimePoint now, const std::string& why);
  void on_final_auth(Session& s, const Message& inner, TimePoint now);

  // eap_exchange.cc
  // Adds the first EAP Request to `reply` (IDr, [CERT], AUTH) and sends it.
  void start_eap(Session& s, Reply& reply, TimePoint now);
  void on_eap(Session& s, const Message& inner, TimePoint now);
  void eap_step(Session& s, eap::Step step, TimePoint now);

  // child_negotiation.cc: a CHILD SA for IKE_AUTH or CREATE_CHILD_SA.
  struct ChildRequest {
    const SaPayload* sa = nullptr;
    const TsPayload* tsi = nullptr;
    const TsPayload* tsr = nullptr;
    bool transport = false;             // USE_TRANSPORT_MODE
    bool tfc_padding = true;            // no ESP_TFC_PADDING_NOT_SUPPORTED
    bool non_first_fragments = false;   // NON_FIRST_FRAGMENTS_ALSO
  };
  struct ChildChoice {
    const ChildPolicy* policy = nullptr;
    EspSuite suite;
    std::vector<Selector> tsi, tsr;  // narrowed (§2.9)
    NotifyType failure{};            // NO_PROPOSAL_CHOSEN or TS_UNACCEPTABLE
  };
  static ChildRequest read_child_request(const Message& req);
  // The first child policy of the connection (only the one named `only`,
  // for a rekey) with an acceptable proposal and selectors.
  ChildChoice choose_child(const Session& s, const ChildRequest& r, bool in_ike_auth, const std::string* only);
  // Our SPI, KEYMAT from `ni`, `nr` and the PFS secret (empty: none),
  // installation, the record in s.children and SA / TSi / TSr in `reply`;
  // the failure notify, or none.
  NotifyType make_child(Session& s, const ChildChoice& choice, const ChildRequest& r, ByteView ni, ByteView nr,
                        ByteView shared_secret, Reply& reply);

  // child_sa.cc: configuration payload and the CHILD SA of IKE_AUTH, added
  // to the final IKE_AUTH response; then the SA is established.
  void establish(Session& s, Reply& reply, TimePoint now);
  // The installer removes the CHILD SA and a kChildSaDeleted event tells the
  // host (the caller drops it from s.children).
  void retire_child(Session& s, const ChildSa& c);
  void delete_children(Session& s);
  void release_leases(Session& s);

  // informational.cc
  void on_informational(Session& s, const Message& inner, TimePoint now);

  // create_child_sa.cc: additional CHILD SAs, CHILD SA and IKE SA rekeying.
  void on_create_child_sa(Session& s, const Message& inner, TimePoint now);
  void continue_create(Session& s, TimePoint now);
  void wait_for_provider(Session& s, Ticket ticket, Session::Wait wait, TimePoint now);
  void finish_ike_rekey(Session& s, const Message& req, const IkeSuite& suite, ByteView new_spi_i, ByteView ni,
                        TimePoint now);
  void shutdown(TimePoint now);

  // sa_view.cc
  std::vector<IkeSaView> sas(TimePoint now) const;
};

}  // namespace ikecore
