// A simulated IKEv2 initiator: a state machine over the test initiator
// (tests/support/test_initiator.h), which builds and checks the messages.
// It sends IKE_SA_INIT, returns a COOKIE when asked (RFC 7296 §2.6), sends
// IKE_AUTH, retransmits its outstanding request with backoff, the same
// bytes each time (§2.1), ignores duplicates and stale or damaged
// datagrams, and answers the responder's requests (DPD liveness checks,
// §2.4) with the request's message ID, resending the same answer to a
// retransmitted request (§2.1). An attempt that gets no answer after its
// retransmissions is given up and a new IKE SA is started, announcing
// INITIAL_CONTACT (§2.4) so a half-finished SA the responder may hold is
// replaced.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ikecore/base/ip.h"
#include "test_initiator.h"

namespace ikecore::sim {

struct SimClientOptions {
  test::InitiatorOptions initiator;  // identity, PSK, CHILD SA, address request, suite
  // The first retransmission comes after this; each next one after twice
  // the previous wait (§2.1).
  Duration retransmit_timeout = std::chrono::seconds(1);
  // Retransmissions of one request before the attempt is given up: with
  // 1 s and 4, sent at 0, 1, 3, 7 and 15 s and given up at 31 s, just past
  // a responder's 30 s half-open timeout.
  uint32_t retransmit_tries = 4;
  // Attempts before the client fails for good (a bound, so a broken
  // responder ends the run instead of looping).
  uint32_t max_attempts = 20;
};

class SimClient {
 public:
  enum class State : uint8_t { kIdle, kInit, kAuth, kEstablished, kFailed, kVanished };

  SimClient(BoringSslProvider& crypto, Endpoint self, Endpoint responder, SimClientOptions o);

  void start(TimePoint now);
  void receive(const Datagram& d, TimePoint now);
  void on_timer(TimePoint now);
  // Established: an empty INFORMATIONAL request of our own (§2.4), e.g. to
  // show the responder where we are after a NAT rebinding.
  void send_liveness_check(TimePoint now);
  // Gone without a word: nothing is answered or sent any more.
  void vanish();

  // When on_timer() wants to run next.
  std::optional<TimePoint> deadline() const { return deadline_; }
  std::vector<Datagram> take_output() { return std::exchange(output_, {}); }

  State state() const { return state_; }
  bool established() const { return state_ == State::kEstablished; }
  const Endpoint& self() const { return self_; }
  uint64_t spi_i() const { return initiator_ ? initiator_->spi_i() : 0; }
  uint64_t spi_r() const { return initiator_ ? initiator_->spi_r() : 0; }
  // INTERNAL_IP4_ADDRESS from the CFG_REPLY.
  const std::optional<IpAddress>& address() const { return address_; }
  bool has_child_sa() const { return child_sa_; }
  // Why the client failed for good.
  const std::string& failure() const { return failure_; }
  bool liveness_check_pending() const { return own_request_.has_value(); }

  struct Stats {
    uint32_t attempts = 0;
    uint32_t retransmissions = 0;
    uint32_t cookies = 0;
    uint32_t requests_answered = 0;  // the responder's requests (DPD), retransmissions included
    uint32_t liveness_answered = 0;  // our own liveness checks answered
    uint32_t ignored = 0;            // damaged, duplicate or stale datagrams
  };
  const Stats& stats() const { return stats_; }

 private:
  void begin_attempt(TimePoint now);
  void send_request(Datagram d, TimePoint now);
  void fail(std::string why);
  void on_init_response(const Datagram& d, TimePoint now);
  void on_auth_response(const Datagram& d);
  void on_established_datagram(const Datagram& d, const Message& outer);

  BoringSslProvider& crypto_;
  Endpoint self_;
  Endpoint responder_;
  SimClientOptions o_;
  std::unique_ptr<test::TestInitiator> initiator_;  // one per attempt
  State state_ = State::kIdle;

  // The outstanding request: resent as is until answered (§2.1).
  std::optional<Datagram> outstanding_;
  uint32_t outstanding_mid_ = 0;
  uint32_t tries_ = 0;
  Duration wait_{};
  std::optional<TimePoint> deadline_;
  std::optional<uint32_t> own_request_;  // the message ID of our liveness check

  // The responder's last request and our answer to it (§2.1).
  std::optional<uint32_t> answered_mid_;
  Datagram answer_;

  std::optional<IpAddress> address_;
  bool child_sa_ = false;
  std::string failure_;
  std::vector<Datagram> output_;
  Stats stats_;
};

}  // namespace ikecore::sim
