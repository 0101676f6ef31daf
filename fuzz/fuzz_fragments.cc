// RFC 7383 reassembly in a live IKE SA: a test initiator completes
// IKE_SA_INIT (announcing fragmentation), then the input is a sequence of
// SKF fragments, each really protected with the initiator's keys, so the
// reassembly code (not the ICV check) sees arbitrary numbering, totals,
// message IDs, first-payload types and contents (§2.6: duplicates, growing
// and shrinking totals, stale messages, the byte and count limits).
//
// Input records: [mid][number][total][first][flags][length][bytes...]
//   mid: the message ID (1 + mid % 4: the next, the one after, ...);
//   number, total: the fragment's numbering as sent (may be 0 or wrong);
//   first: the Next Payload of the SKF payload (only fragment 1's counts);
//   flags: bit 0 corrupts the ICV, bit 1 sends the previous datagram again;
//   length: of the encrypted content that follows (capped at the input).
// Ends with shutdown(): no SA, lease or CHILD SA may be left.
#include <cstdint>
#include <memory>
#include <optional>

#include "ikecore/crypto/protect.h"
#include "ikecore/responder/memory_providers.h"
#include "test_initiator.h"

namespace {

using namespace ikecore;

const Endpoint kServer = Endpoint::v4(10, 77, 0, 1, 500);
const Endpoint kClient = Endpoint::v4(10, 77, 0, 2, 500);
const char kPsk[] = "a shared secret";

SecretBytes psk() { return SecretBytes(ByteView(reinterpret_cast<const uint8_t*>(kPsk), sizeof kPsk - 1)); }

class Harness {
 public:
  Harness() {
    credentials_.add_shared_key(*Identity::parse("alice@example.com"), psk());
    pool_.add_pool("vpn", *IpRange::parse("10.3.0.0/30"));
    ResponderConfig config;
    ConnectionPolicy c;
    c.name = "psk";
    c.local_auth = AuthKind::kPsk;
    c.remote_auth = AuthKind::kPsk;
    c.attributes.pool = "vpn";
    config.connections = {c};
    responder_ = std::make_unique<Responder>(
        config, Providers{.crypto = crypto_, .credentials = &credentials_, .pool = &pool_, .installer = &installer_});
    test::InitiatorOptions o;
    o.psk = kPsk;
    initiator_ = std::make_unique<test::TestInitiator>(crypto_, kClient, kServer, o);
    responder_->feed(with_fragmentation(initiator_->sa_init()), now_);
    std::optional<Datagram> answer = responder_->poll_output();
    ready_ = answer && initiator_->on_sa_init_response(*answer);
    drain();
    cipher_ = std::move(crypto_.cipher(EncrId::kAesCbc, 256).value());
    integ_ = std::move(crypto_.integrity(IntegId::kHmacSha2_256_128).value());
  }

  bool ready() const { return ready_; }

  void fragment(uint8_t mid, uint8_t number, uint8_t total, uint8_t first, uint8_t flags, ByteView content) {
    if ((flags & 2) && last_) return send(*last_);
    Header h;
    h.spi_i = initiator_->spi_i();
    h.spi_r = initiator_->spi_r();
    h.exchange = ExchangeType::kIkeAuth;
    h.flags = Header::kFlagInitiator;
    h.message_id = 1 + mid % 4;
    SkContext c{cipher_.get(), integ_.get(), initiator_->keys().ei.view(), initiator_->keys().ai.view(), &iv_, &crypto_};
    Bytes out;
    if (!protect(h, static_cast<PayloadType>(first), content, c, out, FragmentPosition{number, total}).ok()) return;
    if (flags & 1) out.back() ^= 1;
    send(Datagram{kServer, kClient, out});
  }

  void finish() {
    responder_->shutdown(now_);
    drain();
    if (responder_->sa_count() != 0 || pool_.leases() != 0 || !installer_.installed().empty()) __builtin_trap();
  }

 private:
  // The same request with N(IKEV2_FRAGMENTATION_SUPPORTED) appended: the
  // responder then accepts SKF (RFC 7383 §2.3). Appending a payload means
  // patching the last payload's Next Payload and the length.
  static Datagram with_fragmentation(Datagram d) {
    Message m;
    if (!parse_message(d.data, m).ok()) return d;
    std::vector<Payload> payloads(m.payloads.begin(), m.payloads.end());
    payloads.push_back({PayloadType::kNotify, false,
                        NotifyPayload{ProtocolId::kNone, {}, NotifyType::kIkev2FragmentationSupported, {}}});
    m.payloads = Seq<Payload>(payloads.data(), payloads.size());
    auto out = serialize_message(m);
    if (out.ok()) d.data = *out;
    return d;
  }
  void send(const Datagram& d) {
    responder_->feed(d, now_);
    last_ = d;
    drain();
  }
  void drain() {
    while (responder_->poll_output()) {
    }
    while (responder_->poll_event()) {
    }
  }

  BoringSslProvider crypto_;
  MemoryCredentials credentials_;
  MemoryAddressPool pool_;
  RecordingInstaller installer_;
  std::unique_ptr<Responder> responder_;
  std::unique_ptr<test::TestInitiator> initiator_;
  std::unique_ptr<Cipher> cipher_;
  std::unique_ptr<Integrity> integ_;
  uint64_t iv_ = 0;
  std::optional<Datagram> last_;
  TimePoint now_ = TimePoint(std::chrono::seconds(1000));
  bool ready_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Harness h;
  if (!h.ready()) __builtin_trap();  // the setup itself must work
  size_t at = 0;
  while (at + 6 <= size) {
    const uint8_t* r = data + at;
    size_t length = std::min<size_t>(r[5], size - at - 6);
    h.fragment(r[0], r[1], r[2], r[3], r[4], ByteView(r + 6, length));
    at += 6 + length;
  }
  h.finish();
  return 0;
}
