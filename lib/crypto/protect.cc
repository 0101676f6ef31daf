#include "ikecore/crypto/protect.h"

#include <cstring>

namespace ikecore {
namespace {

constexpr size_t kGenericHeader = 4;
constexpr size_t kSkfExtra = 4;  // Fragment Number, Total Fragments

// Bytes of padding so that inner + padding + the Pad Length octet fill whole
// blocks (§3.14).
size_t padding_for(size_t inner_size, size_t block) {
  if (block <= 1) return 0;
  return (block - (inner_size + 1) % block) % block;
}

size_t icv_size(const SkContext& ctx) {
  return ctx.cipher->aead() ? ctx.cipher->icv_size() : ctx.integrity->icv_size();
}

absl::Status check_context(const SkContext& ctx) {
  if (!ctx.cipher) return absl::InvalidArgumentError("SK: no cipher");
  if (!ctx.cipher->aead() && !ctx.integrity) return absl::InvalidArgumentError("SK: no integrity for a non-AEAD cipher");
  if (ctx.encr_key.size() != ctx.cipher->key_material_size())
    return absl::InvalidArgumentError("SK: encryption key has the wrong size");
  if (ctx.integrity && ctx.integ_key.size() != ctx.integrity->key_size())
    return absl::InvalidArgumentError("SK: integrity key has the wrong size");
  return absl::OkStatus();
}

// IVs: a big-endian counter for counter-based modes, random otherwise.
absl::Status make_iv(const SkContext& ctx, absl::Span<uint8_t> iv) {
  bool counter_mode = ctx.cipher->block_size() <= 1;
  if (counter_mode) {
    if (!ctx.iv_counter) return absl::InvalidArgumentError("SK: counter-mode cipher without an IV counter");
    uint64_t n = ++*ctx.iv_counter;
    std::memset(iv.data(), 0, iv.size());
    for (size_t i = 0; i < 8 && i < iv.size(); ++i) iv[iv.size() - 1 - i] = static_cast<uint8_t>(n >> (8 * i));
    return absl::OkStatus();
  }
  if (!ctx.random) return absl::InvalidArgumentError("SK: CBC cipher without a random source");
  ctx.random->random(iv);
  return absl::OkStatus();
}

}  // namespace

size_t protection_overhead(const Cipher& cipher, const Integrity* integrity, size_t inner_size, bool fragment) {
  size_t icv = cipher.aead() ? cipher.icv_size() : (integrity ? integrity->icv_size() : 0);
  return kGenericHeader + (fragment ? kSkfExtra : 0) + cipher.iv_size() +
         padding_for(inner_size, cipher.block_size()) + 1 + icv;
}

namespace {

absl::Status protect_into(const Header& header, PayloadType inner_first, ByteView inner, const SkContext& ctx,
                          Bytes& out, FragmentPosition fragment) {
  if (absl::Status s = check_context(ctx); !s.ok()) return s;
  const Cipher& cipher = *ctx.cipher;
  const bool is_fragment = fragment.number != 0;
  const size_t pad = padding_for(inner.size(), cipher.block_size());
  const size_t encrypted = inner.size() + pad + 1;
  const size_t icv = icv_size(ctx);
  const size_t payload = kGenericHeader + (is_fragment ? kSkfExtra : 0) + cipher.iv_size() + encrypted + icv;
  const size_t total = Header::kSize + payload;
  if (payload > 0xffff) return absl::InvalidArgumentError("SK: payload longer than 64 KiB");

  // Header and the SK / SKF payload header, which AEAD authenticates as AAD.
  out.clear();
  out.reserve(total);
  append_header(header, is_fragment ? PayloadType::kSkf : PayloadType::kSk, static_cast<uint32_t>(total), out);
  ByteWriter w(out);
  w.put_u8(static_cast<uint8_t>(inner_first));
  w.put_u8(0);
  w.put_u16(static_cast<uint16_t>(payload));
  if (is_fragment) {
    w.put_u16(fragment.number);
    w.put_u16(fragment.total);
  }
  const size_t aad_end = out.size();

  const size_t iv_at = out.size();
  out.resize(iv_at + cipher.iv_size());
  if (absl::Status s = make_iv(ctx, absl::MakeSpan(out).subspan(iv_at, cipher.iv_size())); !s.ok()) return s;

  // Plaintext: inner payloads, zero padding, Pad Length.
  SecretBytes plain(encrypted);
  if (!inner.empty()) std::memcpy(plain.mutable_view().data(), inner.data(), inner.size());
  plain.mutable_view()[encrypted - 1] = static_cast<uint8_t>(pad);

  const size_t ct_at = out.size();
  out.resize(ct_at + encrypted + (cipher.aead() ? icv : 0));
  ByteView iv = ByteView(out).subspan(iv_at, cipher.iv_size());
  ByteView aad = cipher.aead() ? ByteView(out).first(aad_end) : ByteView();
  if (absl::Status s = cipher.encrypt(ctx.encr_key, iv, aad, plain.view(),
                                      absl::MakeSpan(out).subspan(ct_at, encrypted + (cipher.aead() ? icv : 0)));
      !s.ok())
    return s;
  if (!cipher.aead()) {
    // §3.14: the ICV covers everything from the IKE header to the end of the
    // encrypted data.
    const size_t icv_at = out.size();
    out.resize(icv_at + icv);
    const ByteView covered[] = {ByteView(out).first(icv_at)};
    if (absl::Status s = ctx.integrity->compute(ctx.integ_key, covered, absl::MakeSpan(out).subspan(icv_at, icv));
        !s.ok())
      return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status protect(const Header& header, PayloadType inner_first, ByteView inner, const SkContext& ctx,
                     Bytes& out, FragmentPosition fragment) {
  absl::Status s = protect_into(header, inner_first, inner, ctx, out, fragment);
  if (!s.ok()) out.clear();  // never leave a half-built message behind
  return s;
}

absl::StatusOr<Unprotected> unprotect(ByteView datagram, const Message& message, const SkContext& ctx) {
  if (absl::Status s = check_context(ctx); !s.ok()) return s;
  if (message.payloads.empty()) return absl::InvalidArgumentError("SK: message has no payloads");
  const Payload& last = message.payloads.back();
  ByteView body;
  Unprotected result;
  if (const auto* sk = last.get<SkPayload>()) {
    body = sk->body;
    result.inner_first = sk->inner_first;
  } else if (const auto* skf = last.get<SkfPayload>()) {
    body = skf->body;
    result.inner_first = skf->inner_first;
  } else {
    return absl::InvalidArgumentError("SK: last payload is neither SK nor SKF");
  }
  // The body must be the tail of this datagram (it is, when parsed from it).
  if (body.data() < datagram.data() || body.data() + body.size() != datagram.data() + datagram.size())
    return absl::InvalidArgumentError("SK: payload does not view the datagram");
  const size_t body_at = static_cast<size_t>(body.data() - datagram.data());
  // RFC 5282 §5.1 / RFC 7383 §2.5: AEAD authenticates the IKE header and
  // the SK (or SKF, with its fragment fields) payload header.
  const size_t aad_end = body_at;

  const Cipher& cipher = *ctx.cipher;
  const size_t icv = icv_size(ctx);
  const size_t iv_size = cipher.iv_size();
  if (body.size() < iv_size + icv + 1) return absl::InvalidArgumentError("SK: shorter than IV and ICV");
  const size_t encrypted = body.size() - iv_size - icv;
  if (cipher.block_size() > 1 && encrypted % cipher.block_size() != 0)
    return absl::InvalidArgumentError("SK: ciphertext is not a whole number of blocks");

  if (!cipher.aead()) {
    Bytes expected(icv);
    const ByteView covered[] = {datagram.first(datagram.size() - icv)};
    if (absl::Status s = ctx.integrity->compute(ctx.integ_key, covered, absl::MakeSpan(expected)); !s.ok()) return s;
    if (!constant_time_equal(expected, datagram.last(icv))) return absl::DataLossError("SK: integrity check failed");
  }
  ByteView iv = body.first(iv_size);
  ByteView input = body.subspan(iv_size, encrypted + (cipher.aead() ? icv : 0));
  SecretBytes plain(encrypted);
  ByteView aad = cipher.aead() ? datagram.first(aad_end) : ByteView();
  if (absl::Status s = cipher.decrypt(ctx.encr_key, iv, aad, input, plain.mutable_view()); !s.ok()) return s;

  const size_t pad = plain.view()[encrypted - 1];
  if (pad + 1 > encrypted) return absl::InvalidArgumentError("SK: Pad Length larger than the plaintext");
  result.plaintext = SecretBytes(plain.view().first(encrypted - pad - 1));
  return result;
}

}  // namespace ikecore
