// The SA view (`show crypto ikev2 sa detail`, as in the seed).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine.h"

namespace ikecore {

std::vector<IkeSaView> Responder::Engine::sas(TimePoint now) const {
  std::vector<IkeSaView> out;
  out.reserve(by_spi_r.size());
  for (const auto& [spi, sp] : by_spi_r) {
    const Session& s = *sp;
    IkeSaView v;
    v.tunnel_id = s.tunnel_id;
    v.spi_i = s.spi_i;
    v.spi_r = s.spi_r;
    v.local = s.local;
    v.remote = s.remote;
    v.state = internal::to_string(s.state);
    v.description = s.state == Session::State::kEstablished ? "Negotiation done" : "Negotiation in progress";
    v.suite = s.suite;
    v.auth_sign = s.auth_sign;
    v.auth_verify = s.auth_verify;
    v.lifetime = config.ike_lifetime;
    v.active = std::chrono::duration_cast<std::chrono::seconds>(now - s.created);
    v.local_id = s.our_id;
    v.remote_id = s.peer_id;
    v.eap_identity = s.eap ? s.eap->identity() : s.eap_identity;
    v.connection = s.connection ? s.connection->name : "";
    v.remote_next_message_id = s.next_request_id;
    v.local_next_message_id = s.next_own_request_id;
    v.dpd_interval = std::chrono::duration_cast<std::chrono::seconds>(config.dpd_interval);
    v.dpd_retries = config.dpd_retries;
    v.nat_local = s.nat_local;
    v.nat_remote = s.nat_remote;
    v.peer_fragmentation = s.peer_fragmentation;
    v.assigned_v4 = s.lease_v4;
    v.assigned_v6 = s.lease_v6;
    for (const ChildSa& c : s.children) {
      ChildSaView cv;
      cv.name = c.name;
      cv.local_ts = c.local_ts;
      cv.remote_ts = c.remote_ts;
      cv.spi_in = c.spi_in;
      cv.spi_out = c.spi_out;
      cv.suite = c.suite;
      cv.transport = c.transport;
      cv.udp_encapsulation = c.udp_encapsulation;
      cv.lifetime = config.child_lifetime;
      v.children.push_back(std::move(cv));
    }
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), [](const IkeSaView& a, const IkeSaView& b) { return a.tunnel_id < b.tunnel_id; });
  return out;
}

namespace {

// The seed prints "AES-CBC, keysize: 192", "Hash: SHA96", "DH Grp:1".
std::string cipher_text(EncrChoice e) {
  std::string n(name(e.id));
  return e.key_bits ? absl::StrFormat("%s, keysize: %u", n, e.key_bits) : n;
}

}  // namespace

std::string render_sa_detail(const std::vector<IkeSaView>& sas) {
  std::string out = "IKEv2 SAs:\n\n";
  for (const IkeSaView& v : sas) {
    absl::StrAppend(&out, absl::StrFormat("Session-id:%u, Status:%s, IKE count:1, CHILD count:%u\n\n", v.tunnel_id,
                                          v.state == "READY" ? "UP-ACTIVE" : "UP-IN-NEG", v.children.size()));
    absl::StrAppend(&out, "Tunnel-id                 Local                Remote     Status         Role\n");
    absl::StrAppend(&out, absl::StrFormat("%9u    %-21s %-21s %-10s RESPONDER\n", v.tunnel_id, to_string(v.local),
                                          to_string(v.remote), v.state));
    absl::StrAppend(&out, absl::StrFormat("      Encr: %s, Hash: %s, DH Grp:%u, Auth sign: %s, Auth verify: %s\n",
                                          cipher_text(v.suite.encr),
                                          v.suite.integ == IntegId::kNone ? "None" : std::string(name(v.suite.integ)),
                                          static_cast<unsigned>(v.suite.group), v.auth_sign.empty() ? "-" : v.auth_sign,
                                          v.auth_verify.empty() ? "-" : v.auth_verify));
    absl::StrAppend(&out, absl::StrFormat("      Life/Active Time: %d/%d sec\n", v.lifetime.count(), v.active.count()));
    absl::StrAppend(&out, absl::StrFormat("      Session-id: %u\n", v.tunnel_id));
    absl::StrAppend(&out, absl::StrFormat("      Status Description: %s\n", v.description));
    absl::StrAppend(&out, absl::StrFormat("      Local spi: %016X       Remote spi: %016X\n", v.spi_r, v.spi_i));
    absl::StrAppend(&out, absl::StrFormat("      Local id: %s\n", to_string(v.local_id)));
    absl::StrAppend(&out, absl::StrFormat("      Remote id: %s\n", to_string(v.remote_id)));
    if (!v.eap_identity.empty()) absl::StrAppend(&out, absl::StrFormat("      Remote EAP id: %s\n", v.eap_identity));
    absl::StrAppend(&out, absl::StrFormat("      Connection: %s\n", v.connection));
    absl::StrAppend(&out, absl::StrFormat("      Local req mess id: %u              Remote req mess id: %u\n",
                                          v.local_next_message_id ? v.local_next_message_id - 1 : 0,
                                          v.remote_next_message_id ? v.remote_next_message_id - 1 : 0));
    absl::StrAppend(&out, absl::StrFormat("      Local next mess id: %u             Remote next mess id: %u\n",
                                          v.local_next_message_id, v.remote_next_message_id));
    absl::StrAppend(&out, absl::StrFormat("      Local window: %u                  Remote window: %u\n", v.window, v.window));
    if (v.dpd_interval.count() > 0)
      absl::StrAppend(&out, absl::StrFormat("      DPD configured: %d/%u\n", v.dpd_interval.count(), v.dpd_retries));
    else
      absl::StrAppend(&out, "      DPD configured: no\n");
    if (v.nat_local || v.nat_remote)
      absl::StrAppend(&out, absl::StrFormat("      NAT-T is detected %s\n", v.nat_local ? "inside" : "outside"));
    else
      absl::StrAppend(&out, "      NAT-T is not detected\n");
    if (v.assigned_v4) absl::StrAppend(&out, absl::StrFormat("      Assigned host addr: %s\n", to_string(*v.assigned_v4)));
    if (v.assigned_v6) absl::StrAppend(&out, absl::StrFormat("      Assigned host addr: %s\n", to_string(*v.assigned_v6)));
    for (const ChildSaView& c : v.children) {
      for (size_t i = 0; i < std::max(c.local_ts.size(), c.remote_ts.size()); ++i) {
        absl::StrAppend(&out, absl::StrFormat("%s local selector  %s\n", i == 0 ? "Child sa:" : "         ",
                                              i < c.local_ts.size() ? to_cisco_string(c.local_ts[i]) : "-"));
        absl::StrAppend(&out, absl::StrFormat("          remote selector %s\n",
                                              i < c.remote_ts.size() ? to_cisco_string(c.remote_ts[i]) : "-"));
      }
      absl::StrAppend(&out, absl::StrFormat("          ESP spi in/out: 0x%x/0x%x\n", c.spi_in, c.spi_out));
      absl::StrAppend(&out, absl::StrFormat("           Encr: %s, esp_hmac: %s%s\n", cipher_text(c.suite.encr),
                                            c.suite.integ == IntegId::kNone ? "None" : std::string(name(c.suite.integ)),
                                            c.suite.esn ? ", ESN" : ""));
      absl::StrAppend(&out, absl::StrFormat("          mode %s%s\n", c.transport ? "transport" : "tunnel",
                                            c.udp_encapsulation ? ", UDP-encapsulated" : ""));
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

}  // namespace ikecore
