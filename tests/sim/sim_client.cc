#include "sim_client.h"

#include <utility>

#include "absl/strings/str_format.h"

namespace ikecore::sim {
namespace {

using test::TestInitiator;

ByteView text(const std::string& s) { return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

// INTERNAL_IP4_ADDRESS in a CFG_REPLY (§3.15.1), if any.
std::optional<IpAddress> assigned_address(const Message& m) {
  const auto* cp = TestInitiator::find<CpPayload>(m, PayloadType::kCp);
  if (!cp || cp->type != CfgType::kReply) return std::nullopt;
  for (const CpAttribute& a : cp->attributes)
    if (a.type == static_cast<uint16_t>(CfgAttr::kInternalIp4Address) && !a.value.empty())
      return IpAddress::from_bytes(a.value.subspan(0, 4));
  return std::nullopt;
}

bool deletes_ike_sa(const Message& m) {
  for (const Payload& p : m.payloads)
    if (const auto* d = p.get<DeletePayload>(); d && d->protocol == ProtocolId::kIke) return true;
  return false;
}

}  // namespace

SimClient::SimClient(BoringSslProvider& crypto, Endpoint self, Endpoint responder, SimClientOptions o)
    : crypto_(crypto), self_(self), responder_(responder), o_(std::move(o)) {}

void SimClient::start(TimePoint now) {
  if (state_ == State::kIdle) begin_attempt(now);
}

void SimClient::vanish() {
  state_ = State::kVanished;
  outstanding_.reset();
  deadline_.reset();
  output_.clear();
}

void SimClient::fail(std::string why) {
  state_ = State::kFailed;
  failure_ = std::move(why);
  outstanding_.reset();
  deadline_.reset();
}

void SimClient::begin_attempt(TimePoint now) {
  if (stats_.attempts >= o_.max_attempts) return fail(absl::StrFormat("no IKE SA after %u attempts", stats_.attempts));
  ++stats_.attempts;
  // A new IKE SA from scratch: new SPIi, nonce and key exchange.
  initiator_ = std::make_unique<TestInitiator>(crypto_, self_, responder_, o_.initiator);
  state_ = State::kInit;
  own_request_.reset();
  answered_mid_.reset();
  address_.reset();
  child_sa_ = false;
  outstanding_mid_ = 0;
  send_request(initiator_->sa_init(), now);
}

void SimClient::send_request(Datagram d, TimePoint now) {
  output_.push_back(d);
  outstanding_ = std::move(d);
  tries_ = 0;
  wait_ = o_.retransmit_timeout;
  deadline_ = now + wait_;
}

void SimClient::on_timer(TimePoint now) {
  if (!deadline_ || now < *deadline_) return;
  if (!outstanding_) {
    deadline_.reset();
    return;
  }
  if (tries_ < o_.retransmit_tries) {
    // §2.1: the same bytes again, after twice the previous wait.
    ++tries_;
    ++stats_.retransmissions;
    output_.push_back(*outstanding_);
    wait_ *= 2;
    deadline_ = now + wait_;
    return;
  }
  // No answer: the IKE SA is deemed failed (§2.1); start again.
  begin_attempt(now);
}

void SimClient::send_liveness_check(TimePoint now) {
  if (state_ != State::kEstablished || own_request_) return;
  uint32_t mid = 0;
  Datagram d = initiator_->request(ExchangeType::kInformational, {}, &mid);
  own_request_ = mid;
  outstanding_mid_ = mid;
  send_request(std::move(d), now);
}

void SimClient::receive(const Datagram& d, TimePoint now) {
  if (state_ != State::kInit && state_ != State::kAuth && state_ != State::kEstablished) return;
  ByteView ike = d.data;
  if (d.local.port == 4500) ike.remove_prefix(std::min<size_t>(4, ike.size()));  // the non-ESP marker
  Message outer;
  // Damaged (truncated) datagrams fail here, or at the ICV check in open().
  if (!parse_message(ike, outer).ok() || outer.header.spi_i != initiator_->spi_i()) {
    ++stats_.ignored;  // damaged, or for an attempt given up
    return;
  }
  const Header& h = outer.header;
  switch (state_) {
    case State::kInit:
      if (h.response() && h.exchange == ExchangeType::kIkeSaInit && h.message_id == 0) return on_init_response(d, now);
      break;
    case State::kAuth:
      if (h.response() && h.exchange == ExchangeType::kIkeAuth && h.message_id == outstanding_mid_)
        return on_auth_response(d);
      break;
    case State::kEstablished: return on_established_datagram(d, outer);
    default: break;
  }
  ++stats_.ignored;
}

void SimClient::on_init_response(const Datagram& d, TimePoint now) {
  // §2.6: a COOKIE to return. The same cookie again is a duplicate, or the
  // answer to a retransmission of the request without it: already returned.
  Bytes before = initiator_->cookie();
  if (initiator_->take_cookie(d)) {
    if (initiator_->cookie() == before) {
      ++stats_.ignored;
      return;
    }
    ++stats_.cookies;
    return send_request(initiator_->sa_init(), now);
  }
  if (!initiator_->on_sa_init_response(d)) {
    ++stats_.ignored;  // damaged, or a notify without keys
    return;
  }
  state_ = State::kAuth;
  // §2.4: INITIAL_CONTACT, so an SA of an earlier attempt the responder may
  // have completed (its answer lost) is replaced, not leaked.
  TestInitiator::ExtraPayloads extra{TestInitiator::notify(NotifyType::kInitialContact)};
  Datagram auth = initiator_->first_auth(extra);
  outstanding_mid_ = 1;
  send_request(std::move(auth), now);
}

void SimClient::on_auth_response(const Datagram& d) {
  if (!initiator_->open(d)) {
    ++stats_.ignored;  // fails its ICV: damaged
    return;
  }
  const Message& m = initiator_->last();
  if (const auto* n = m.find_notify(NotifyType::kAuthenticationFailed); n)
    return fail("IKE_AUTH answered with AUTHENTICATION_FAILED");
  if (!initiator_->responder_auth_ok(text(o_.initiator.psk))) return fail("the responder's AUTH does not verify");
  child_sa_ = TestInitiator::find<SaPayload>(m, PayloadType::kSa) != nullptr;
  if (o_.initiator.child_sa && !child_sa_) return fail("IKE_AUTH response without the CHILD SA");
  address_ = assigned_address(m);
  if (o_.initiator.request_address && !address_) return fail("IKE_AUTH response without INTERNAL_IP4_ADDRESS");
  state_ = State::kEstablished;
  outstanding_.reset();
  deadline_.reset();
}

void SimClient::on_established_datagram(const Datagram& d, const Message& outer) {
  const Header& h = outer.header;
  if (h.response()) {
    if (own_request_ && h.message_id == *own_request_ && initiator_->open(d)) {
      ++stats_.liveness_answered;
      own_request_.reset();
      outstanding_.reset();
      deadline_.reset();
      return;
    }
    ++stats_.ignored;  // a duplicate of an answer we have, or damaged
    return;
  }
  if (!initiator_->open_request(d)) {
    ++stats_.ignored;
    return;
  }
  const uint32_t mid = initiator_->last_message_id();
  if (answered_mid_ && mid == *answered_mid_) {
    // §2.1: a retransmitted request gets the same answer again.
    ++stats_.requests_answered;
    output_.push_back(answer_);
    return;
  }
  if (answered_mid_ && mid < *answered_mid_) {
    ++stats_.ignored;  // an old request, overtaken
    return;
  }
  const bool deleted = deletes_ike_sa(initiator_->last());
  // §2.4: a liveness check is answered with an empty INFORMATIONAL response.
  answer_ = initiator_->response(h.exchange, mid);
  answered_mid_ = mid;
  ++stats_.requests_answered;
  output_.push_back(answer_);
  if (deleted) fail("the responder deleted the IKE SA");
}

}  // namespace ikecore::sim
