// One EAP conversation, server side, fed a sequence of peer packets.
//
// Input: a configuration byte, then records [kind][length (1 byte)][bytes].
//   configuration: bits 0-1 the methods (MD5, MSCHAPv2, GTC, or all three so
//   a Nak can switch), bit 2 ask EAP-Identity, bit 3 the backend keeps NT
//   hashes, bit 4 the backend knows no such user, bit 5 GTC passwords are
//   accepted, bit 6 no IKE identity.
//   kind 0: the bytes are a whole EAP packet;
//   kind 1: a Response to the last Request (its identifier and type), the
//           bytes its Type-Data, so length fields and identifiers need no
//           guessing;
//   kind 2: a Nak to the last Request listing the bytes as types;
//   kind 3: what a peer knowing the password answers, so the methods' later
//           states are reachable.
// The backend's questions (kNeedSecret, kNeedPasswordCheck) are answered at
// once from the configuration.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "seeded_crypto.h"
#include "ikecore/crypto/mschapv2.h"
#include "ikecore/eap/server.h"
#include "ikecore/wire/eap_packet.h"

namespace {

using namespace ikecore;
using eap::Step;

constexpr char kUser[] = "alice";
constexpr char kPassword[] = "clientPass";
// More records than any method needs; keeps each run short.
constexpr int kMaxRecords = 32;

ByteView text(absl::string_view s) { return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

struct Harness {
  test::SeededCrypto crypto;
  std::optional<eap::Conversation> conversation;
  bool nt_hash = false;
  bool unknown_user = false;
  bool accept_password = false;
  Bytes last_request;  // the last kSend packet
  // The peer's MSCHAPv2 state (kind 3), to answer the Success-Request.
  Bytes challenge, peer_challenge, nt_response;

  absl::StatusOr<eap::UserSecret> secret() {
    if (unknown_user) return absl::NotFoundError("no such user");
    eap::UserSecret s;
    if (nt_hash)
      s.nt_hash = std::move(*mschapv2::NtPasswordHash(crypto, kPassword));
    else
      s.password = SecretBytes(text(kPassword));
    return s;
  }

  // Follows the conversation's steps until it waits for the peer, checking
  // what each step promises to carry.
  void handle(Step step) {
    // A method asks the backend at most once per packet; the bound only
    // keeps a misbehaving one from looping here.
    for (int round = 0; round < 4; ++round) {
      EapPacket p;
      switch (step.kind) {
        case Step::Kind::kNeedSecret:
          step = conversation->on_secret(secret());
          continue;
        case Step::Kind::kNeedPasswordCheck:
          step = conversation->on_password_verdict(accept_password);
          continue;
        case Step::Kind::kSend:
          if (!parse_eap(step.packet, p).ok() || p.code != EapCode::kRequest) __builtin_trap();
          last_request = step.packet;
          return;
        case Step::Kind::kSuccess:
          if (!parse_eap(step.packet, p).ok() || p.code != EapCode::kSuccess) __builtin_trap();
          return;
        case Step::Kind::kFailure:
          if (!parse_eap(step.packet, p).ok() || p.code != EapCode::kFailure) __builtin_trap();
          return;
        case Step::Kind::kIgnore:
          return;
      }
    }
  }

  // A Response to the last Request: its identifier, `type`, `data`.
  Bytes response(EapType type, ByteView data) const {
    EapPacket req;
    EapPacket resp;
    resp.code = EapCode::kResponse;
    if (parse_eap(last_request, req).ok()) resp.identifier = req.identifier;
    resp.type = type;
    resp.data = data;
    Bytes out;
    if (!serialize_eap(resp, out).ok()) return {};
    return out;
  }

  EapType last_type() const {
    EapPacket req;
    return parse_eap(last_request, req).ok() ? req.type : EapType::kIdentity;
  }

  // What a peer that knows kPassword answers to the last Request.
  Bytes peer_answer() {
    EapPacket req;
    if (!parse_eap(last_request, req).ok() || req.code != EapCode::kRequest) return {};
    ByteView d = req.data;
    switch (req.type) {
      case EapType::kIdentity:
        return response(req.type, text(kUser));
      case EapType::kGtc:
        return response(req.type, text(kPassword));
      case EapType::kMd5Challenge: {
        // RFC 1994 §4.1: MD5(Identifier | secret | Challenge).
        if (d.empty() || d[0] + 1u > d.size()) return {};
        const uint8_t id[1] = {req.identifier};
        const ByteView parts[] = {ByteView(id), text(kPassword), d.subspan(1, d[0])};
        auto h = crypto.hash(HashAlgorithm::kMd5, parts);
        if (!h.ok()) return {};
        Bytes value = {16};
        value.insert(value.end(), h->begin(), h->end());
        return response(req.type, value);
      }
      case EapType::kMschapv2:
        return mschapv2_answer(d);
      default:
        return {};
    }
  }

  // draft-kamath-pppext-eap-mschapv2 §2: Response to a Challenge (OpCode 1),
  // Success-Response (3) and Failure-Response (4).
  Bytes mschapv2_answer(ByteView d) {
    if (d.empty()) return {};
    Bytes data;
    if (d[0] == 1) {
      if (d.size() < 5 + 16 || d[4] != 16) return {};
      challenge.assign(d.begin() + 5, d.begin() + 21);
      peer_challenge.assign(16, 0x5a);
      auto nt = mschapv2::GenerateNTResponse(crypto, challenge, peer_challenge, kUser, kPassword);
      if (!nt.ok()) return {};
      nt_response = *nt;
      const std::string user = kUser;
      size_t ms_length = 4 + 1 + 49 + user.size();
      data = {2, d[1], static_cast<uint8_t>(ms_length >> 8), static_cast<uint8_t>(ms_length), 49};
      data.insert(data.end(), peer_challenge.begin(), peer_challenge.end());
      data.insert(data.end(), 8, 0);
      data.insert(data.end(), nt_response.begin(), nt_response.end());
      data.push_back(0);
      data.insert(data.end(), user.begin(), user.end());
    } else if (d[0] == 3 || d[0] == 4) {
      data = {d[0]};
    } else {
      return {};
    }
    return response(EapType::kMschapv2, data);
  }
};

std::vector<EapType> methods(uint8_t choice) {
  switch (choice & 3) {
    case 0: return {EapType::kMd5Challenge};
    case 1: return {EapType::kMschapv2};
    case 2: return {EapType::kGtc};
    default: return {EapType::kMschapv2, EapType::kMd5Challenge, EapType::kGtc};
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t config = data[0];
  Harness h;
  h.nt_hash = config & 0x08;
  h.unknown_user = config & 0x10;
  h.accept_password = config & 0x20;
  eap::ConversationConfig cc;
  cc.methods = methods(config);
  cc.ask_identity = config & 0x04;
  h.conversation.emplace(h.crypto, cc, (config & 0x40) ? "" : "alice@example.com");
  h.handle(h.conversation->start());

  ByteView in(data + 1, size - 1);
  for (int n = 0; n < kMaxRecords && in.size() >= 2; ++n) {
    const uint8_t kind = in[0];
    const size_t length = std::min<size_t>(in[1], in.size() - 2);
    ByteView bytes = in.subspan(2, length);
    in.remove_prefix(2 + length);
    Bytes packet;
    switch (kind & 3) {
      case 0: packet.assign(bytes.begin(), bytes.end()); break;
      case 1: packet = h.response(h.last_type(), bytes); break;
      case 2: packet = h.response(EapType::kNak, bytes); break;
      case 3: packet = h.peer_answer(); break;
    }
    h.handle(h.conversation->on_packet(packet));
  }

  // A backend that knows no user and accepts no password authenticates no one.
  if (h.unknown_user && !h.accept_password && h.conversation->succeeded()) __builtin_trap();
  // server.h: after success the MSK is there for MSCHAPv2, empty for MD5 and GTC.
  if (h.conversation->succeeded()) {
    const bool has_msk = !h.conversation->msk().empty();
    if (has_msk != (h.conversation->method() == EapType::kMschapv2)) __builtin_trap();
  }
  (void)h.conversation->identity();
  return 0;
}
