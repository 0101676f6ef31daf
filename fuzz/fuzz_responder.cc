// The whole responder, fed a sequence of datagrams on a virtual clock, with a
// PSK connection and an EAP connection, in-memory providers and the
// BoringSSL provider. Ends with shutdown(), which must leave no SA, lease or
// CHILD SA behind (and LeakSanitizer checks the memory).
//
// Input: a mode byte, then records [control][length (2 bytes, big-endian)][bytes].
//   mode: bit 0: a test initiator first completes IKE_SA_INIT, so the
//           records can reach the protected exchanges;
//         bit 1: it authenticates with EAP (else PSK); bit 3: with a wrong
//           password or PSK; bits 6-7: the EAP methods it accepts;
//         bit 2: the EAP backend answers later (action 4 delivers);
//         bit 4: after IKE_SA_INIT the initiator moves to port 4500;
//         bit 5: key log and trace on.
//   control: bits 0-2 the action, bit 3 port 4500 for actions 0 and 1,
//            bits 4-7 n: the clock first moves n * n seconds (up to 225 s,
//            past the half-open and EAP timeouts).
//   actions:
//     0 the bytes are a datagram from the peer;
//     1 likewise, with the header's SPIs replaced by the last ones the
//       responder sent, so the datagram reaches a live SA;
//     2 a request protected with the initiator's keys: the bytes are
//       [exchange][first inner payload][flags] and the inner payloads; flags
//       bit 0 sets the Response flag, bits 1-2 pick the message ID (the
//       previous, the next, or beyond the window);
//     3 the initiator's next genuine message, by bytes[0]: its first
//       IKE_AUTH, its EAP answer, its final AUTH, an empty INFORMATIONAL;
//     4 the deferred EAP backend's answers go to complete();
//     5 only the clock moves;
//     6 the previous datagram again (a retransmission);
//     7 the bytes are a datagram from another peer, over IPv6.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "seeded_crypto.h"
#include "ikecore/crypto/protect.h"
#include "ikecore/responder/memory_providers.h"
#include "ikecore/responder/responder.h"
#include "test_initiator.h"

namespace {

using namespace ikecore;

const Endpoint kServer = Endpoint::v4(192, 0, 2, 1, 500);
const Endpoint kClient = Endpoint::v4(198, 51, 100, 7, 500);
constexpr char kPsk[] = "a shared secret";
constexpr char kPassword[] = "clientPass";
// More records than a full EAP exchange needs; keeps each run short.
constexpr int kMaxRecords = 48;

Endpoint on_port(Endpoint e, uint16_t port) {
  e.port = port;
  return e;
}

Endpoint v6(uint8_t last, uint16_t port) {
  Endpoint e;
  e.ipv6 = true;
  e.address = {0x20, 0x01, 0x0d, 0xb8};
  e.address[15] = last;
  e.port = port;
  return e;
}

SecretBytes secret(const char* s) {
  return SecretBytes(ByteView(reinterpret_cast<const uint8_t*>(s), std::char_traits<char>::length(s)));
}

ResponderConfig make_config(bool keylog) {
  ConnectionPolicy psk;
  psk.name = "psk";
  psk.local_id = *Identity::parse("vpn.example.com");
  psk.remote_id = *IdentityPattern::parse("*@example.com");
  psk.local_auth = AuthKind::kPsk;
  psk.remote_auth = AuthKind::kPsk;
  psk.attributes.pool = "vpn";
  psk.attributes.dns = {*IpAddress::parse("10.3.1.53")};
  psk.children[0].local_ts = {*Selector::parse("10.3.1.0/24")};

  // Any other identity: EAP, our AUTH a PSK MIC (no certificate to load).
  ConnectionPolicy eap = psk;
  eap.name = "eap";
  eap.remote_id = IdentityPattern();
  eap.remote_auth = AuthKind::kEap;
  eap.eap_methods = {EapType::kMschapv2, EapType::kMd5Challenge, EapType::kGtc};
  eap.attributes.pool6 = "vpn6";

  ResponderConfig config;
  config.connections = {psk, eap};
  // The default suites, plus what the seed's AnyConnect request proposes
  // (tests/vectors/seed/01), so that vector gets an answer and the legacy
  // code is reachable too.
  config.ike.encr.push_back({EncrId::kAesCbc, 192});
  config.ike.prf.push_back(PrfId::kHmacSha1);
  config.ike.integ.push_back(IntegId::kHmacSha1_96);
  config.ike.groups.push_back(KeGroup::kModp1024);
  config.ike.groups.push_back(KeGroup::kModp768);
  config.ike.allow_legacy = true;
  config.keylog = keylog;
  return config;
}

std::vector<EapType> accepted_methods(uint8_t choice) {
  switch (choice & 3) {
    case 1: return {EapType::kMd5Challenge};
    case 2: return {EapType::kGtc};
    case 3: return {EapType::kMschapv2};
    default: return {EapType::kMschapv2, EapType::kMd5Challenge, EapType::kGtc};
  }
}

class Harness {
 public:
  explicit Harness(uint8_t mode) : null_(nullptr), trace_(null_) {
    credentials_.add_shared_key(*Identity::parse("alice@example.com"), secret(kPsk));
    credentials_.add_shared_key(*Identity::parse("eve@eap.example"), secret(kPsk));
    users_.add_user("alice", kPassword);
    users_.set_deferred(mode & 0x04);
    pool_.add_pool("vpn", *IpRange::parse("10.3.0.0/30"));
    pool_.add_pool("vpn6", *IpRange::parse("2001:db8:3::/126"));
    Providers p{crypto_, &credentials_, &users_, &pool_, &installer_, nullptr, nullptr};
    if (mode & 0x20) p.trace = &trace_;
    p.unix_time = [] { return int64_t{1893456000}; };
    responder_ = std::make_unique<Responder>(make_config(mode & 0x20), p);
    if (mode & 0x01) start_initiator(mode);
  }

  void record(uint8_t control, ByteView bytes) {
    const int n = control >> 4;
    now_ += std::chrono::seconds(n * n);
    if (auto t = responder_->next_timeout(); t && *t <= now_) {
      responder_->handle_timeout(now_);
      drain();
    }
    const bool nat_port = control & 0x08;
    switch (control & 7) {
      case 0: raw(bytes, nat_port, false); break;
      case 1: raw(bytes, nat_port, true); break;
      case 2: protected_request(bytes); break;
      case 3: genuine(bytes.empty() ? 0 : bytes[0]); break;
      case 4: complete_pending(); break;
      case 5: break;
      case 6:
        if (last_) send(Datagram(*last_));
        break;
      case 7: send(Datagram{v6(1, 500), v6(7, 500), Bytes(bytes.begin(), bytes.end())}); break;
    }
  }

  void finish() {
    (void)responder_->sas(now_);
    responder_->shutdown(now_);
    drain();
    // responder.h: shutdown removes every SA, releasing leases and CHILD SAs.
    if (responder_->sa_count() != 0 || pool_.leases() != 0 || !installer_.installed().empty()) __builtin_trap();
    // Answers that arrive after their SA is gone are dropped quietly.
    complete_pending();
    if (responder_->sa_count() != 0) __builtin_trap();
  }

 private:
  void start_initiator(uint8_t mode) {
    test::InitiatorOptions o;
    const bool wrong = mode & 0x08;
    if (mode & 0x02) {
      o.id = *Identity::parse("eve@eap.example");
      o.eap = true;
      o.password = wrong ? "not the password" : kPassword;
      o.accept_eap = accepted_methods(static_cast<uint8_t>(mode >> 6));
    } else {
      o.psk = wrong ? "not the secret" : kPsk;
    }
    initiator_ = std::make_unique<test::TestInitiator>(crypto_, kClient, kServer, o);
    responder_->feed(initiator_->sa_init(), now_);
    std::optional<Datagram> answer = responder_->poll_output();
    if (!answer) return drain();
    note_spis(*answer);
    ready_ = initiator_->on_sa_init_response(*answer);
    drain();
    if (!ready_) return;
    cipher_ = std::move(crypto_.cipher(EncrId::kAesCbc, 256).value());
    integ_ = std::move(crypto_.integrity(IntegId::kHmacSha2_256_128).value());
    if (mode & 0x10) {
      initiator_->self().port = 4500;
      initiator_->responder().port = 4500;
    }
  }

  void send(const Datagram& d) {
    responder_->feed(d, now_);
    last_ = d;
    drain();
  }

  void drain() {
    while (std::optional<Datagram> out = responder_->poll_output()) {
      note_spis(*out);
      if (ready_) (void)initiator_->open(*out);
    }
    while (responder_->poll_event()) {
    }
  }

  // The SPIs of an IKE message the responder sent (after the non-ESP marker
  // on port 4500), for action 1.
  void note_spis(const Datagram& d) {
    ByteView ike = d.data;
    if (d.local.port == 4500) {
      if (ike.size() < 4 || ike[0] || ike[1] || ike[2] || ike[3]) return;
      ike.remove_prefix(4);
    }
    if (ike.size() < Header::kSize) return;
    spis_.assign(ike.begin(), ike.begin() + 16);
  }

  Datagram peer_datagram(Bytes data, bool nat_port) const {
    const uint16_t port = nat_port ? 4500 : 500;
    return Datagram{on_port(kServer, port), on_port(kClient, port), std::move(data)};
  }

  void raw(ByteView bytes, bool nat_port, bool patch_spis) {
    Bytes data(bytes.begin(), bytes.end());
    const size_t at = nat_port && data.size() >= 4 && !data[0] && !data[1] && !data[2] && !data[3] ? 4 : 0;
    if (patch_spis && data.size() >= at + 16 && !spis_.empty())
      std::copy(spis_.begin(), spis_.end(), data.begin() + static_cast<std::ptrdiff_t>(at));
    send(peer_datagram(std::move(data), nat_port));
  }

  void protected_request(ByteView bytes) {
    if (!ready_ || bytes.size() < 3) return;
    Header h;
    h.spi_i = initiator_->spi_i();
    h.spi_r = initiator_->spi_r();
    h.exchange = static_cast<ExchangeType>(static_cast<uint8_t>(ExchangeType::kIkeSaInit) + bytes[0] % 10);
    h.flags = static_cast<uint8_t>(Header::kFlagInitiator | (bytes[2] & 1 ? Header::kFlagResponse : 0));
    const uint32_t step = (bytes[2] >> 1) & 3;  // 0: the previous ID, 1: the next, 2-3: beyond
    h.message_id = next_message_id_ + step - 1;
    if (step == 1) {
      ++next_message_id_;
      // The initiator counts its own message IDs: let it skip this one.
      (void)initiator_->request(ExchangeType::kInformational, {});
    }
    const IkeSaKeys& keys = initiator_->keys();
    SkContext c{cipher_.get(), integ_.get(), keys.ei.view(), keys.ai.view(), nullptr, &crypto_};
    Bytes ike;
    if (!protect(h, static_cast<PayloadType>(bytes[1]), bytes.subspan(3), c, ike).ok()) return;
    const bool nat_port = initiator_->responder().port == 4500;
    Bytes data = nat_port ? Bytes(4, 0) : Bytes();
    data.insert(data.end(), ike.begin(), ike.end());
    send(Datagram{initiator_->responder(), initiator_->self(), std::move(data)});
  }

  void genuine(uint8_t which) {
    if (!ready_) return;
    std::optional<Datagram> d;
    switch (which % 4) {
      case 0: d = initiator_->first_auth(); break;
      case 1: d = initiator_->eap_answer(); break;
      case 2: d = initiator_->final_auth(); break;
      case 3: d = initiator_->request(ExchangeType::kInformational, {}); break;
    }
    if (!d) return;
    ++next_message_id_;
    send(*d);
  }

  void complete_pending() {
    for (MemoryEapUsers::Deferred& p : users_.take_pending()) {
      ProviderAnswer answer = std::visit([](auto& a) { return ProviderAnswer(std::move(a)); }, p.answer);
      responder_->complete(p.ticket, std::move(answer), now_);
      drain();
    }
  }

  std::ostream null_;  // no buffer: the trace is formatted, then discarded
  TextTraceSink trace_;
  test::SeededCrypto crypto_;
  MemoryCredentials credentials_;
  MemoryEapUsers users_;
  MemoryAddressPool pool_;
  RecordingInstaller installer_;
  std::unique_ptr<Responder> responder_;
  TimePoint now_ = TimePoint(std::chrono::seconds(1000));

  std::unique_ptr<test::TestInitiator> initiator_;
  bool ready_ = false;  // IKE_SA_INIT done: the initiator has keys
  uint32_t next_message_id_ = 1;
  std::unique_ptr<Cipher> cipher_;
  std::unique_ptr<Integrity> integ_;
  Bytes spis_;
  std::optional<Datagram> last_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Harness h(data[0]);
  ByteView in(data + 1, size - 1);
  for (int n = 0; n < kMaxRecords && in.size() >= 3; ++n) {
    const uint8_t control = in[0];
    const size_t length = std::min<size_t>(static_cast<size_t>(in[1] << 8 | in[2]), in.size() - 3);
    ByteView bytes = in.subspan(3, length);
    in.remove_prefix(3 + length);
    h.record(control, bytes);
  }
  h.finish();
  return 0;
}
