// EAP inside IKE_AUTH (RFC 7296 §2.16): the conversation (ikecore/eap)
// carried in EAP payloads, its questions put to the host's EAP backend,
// which may answer later.
#include "engine.h"

namespace ikecore {

void Responder::Engine::start_eap(Session& s, Reply& reply, TimePoint now) {
  const ConnectionPolicy& c = *s.connection;
  eap::ConversationConfig ec;
  ec.methods = c.eap_methods;
  ec.ask_identity = c.eap_identity;
  ec.server_name = to_string(s.our_id);
  s.eap = std::make_unique<eap::Conversation>(crypto, std::move(ec), to_string(s.peer_id));
  eap::Step step = s.eap->start();
  reply.payloads.push_back({PayloadType::kEap, false, EapPayload{reply.keep(std::move(step.packet))}});
  trace(TraceKind::kEap, &s, [&] {
    return absl::StrFormat("starting EAP (%s first)", s.connection->eap_identity ? "Identity" : name(s.eap->method()));
  });
  s.state = Session::State::kEap;
  arm_timer(s, now + config.eap_timeout);
  respond(s, ExchangeType::kIkeAuth, reply, now);
}

void Responder::Engine::on_eap(Session& s, const Message& in, TimePoint now) {
  const Payload* p = in.find(PayloadType::kEap);
  const auto* e = p ? p->get<EapPayload>() : nullptr;
  if (!e) return auth_failed(s, now, "IKE_AUTH during EAP without an EAP payload");
  eap_step(s, s.eap->on_packet(e->packet), now);
}

void Responder::Engine::eap_step(Session& s, eap::Step step, TimePoint now) {
  using K = eap::Step::Kind;
  for (;;) {
    switch (step.kind) {
      case K::kIgnore:
        // RFC 3748 §4.1: silently discarded; the peer retransmits or times out.
        s.answering = false;
        return drop(DropReason::kInvalid, &s, "EAP: " + step.reason);
      case K::kNeedSecret: {
        if (!providers.eap) {
          step = s.eap->on_secret(absl::FailedPreconditionError("no EAP backend"));
          continue;
        }
        trace(TraceKind::kEap, &s,
              [&] { return absl::StrFormat("asking the backend for the secret of '%s'", step.user); });
        Async<eap::UserSecret> a = providers.eap->user_secret(step.user);
        if (a.pending()) return park(s, a.ticket(), Session::Wait::kEapBackend);
        step = s.eap->on_secret(a.take());
        continue;
      }
      case K::kNeedPasswordCheck: {
        if (!providers.eap) {
          step = s.eap->on_password_verdict(false);
          continue;
        }
        trace(TraceKind::kEap, &s,
              [&] { return absl::StrFormat("asking the backend to check the password of '%s'", step.user); });
        Async<PasswordVerdict> a = providers.eap->check_password(step.user, step.password);
        if (a.pending()) return park(s, a.ticket(), Session::Wait::kEapBackend);
        absl::StatusOr<PasswordVerdict> v = a.take();
        step = s.eap->on_password_verdict(v.ok() && v->accepted);
        continue;
      }
      case K::kSend: {
        Reply reply;
        reply.payloads.push_back({PayloadType::kEap, false, EapPayload{reply.keep(std::move(step.packet))}});
        trace(TraceKind::kEap, &s, [&] { return absl::StrFormat("%s: next request", name(s.eap->method())); });
        (void)respond(s, ExchangeType::kIkeAuth, reply, now);
        return;
      }
      case K::kSuccess: {
        Reply reply;
        reply.payloads.push_back({PayloadType::kEap, false, EapPayload{reply.keep(std::move(step.packet))}});
        trace(TraceKind::kEap, &s, [&] {
          return absl::StrFormat("EAP-%s succeeded for '%s'; waiting for the final AUTH", name(s.eap->method()),
                                 s.eap->identity());
        });
        s.state = Session::State::kEapDone;
        arm_timer(s, now + config.half_open_timeout);
        (void)respond(s, ExchangeType::kIkeAuth, reply, now);
        return;
      }
      case K::kFailure: {
        // The EAP-Failure, with AUTHENTICATION_FAILED (§2.21.2), then nothing
        // is kept: no SA, no lease.
        trace(TraceKind::kEap, &s,
              [&] { return absl::StrFormat("EAP failed for '%s': %s", s.eap->identity(), step.reason); });
        Reply reply;
        reply.payloads.push_back({PayloadType::kEap, false, EapPayload{reply.keep(std::move(step.packet))}});
        reply.notify(NotifyType::kAuthenticationFailed);
        if (respond(s, ExchangeType::kIkeAuth, reply, now)) remove(s.spi_r, "authentication failed");
        return;
      }
    }
  }
}

}  // namespace ikecore
