#include "ikecore/crypto/keys.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"

namespace ikecore {
namespace {

bool fixed_key_prf(PrfId id) { return id == PrfId::kAes128Xcbc || id == PrfId::kAes128Cmac; }

void put_spi(uint64_t spi, uint8_t (&out)[8]) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(spi >> (56 - 8 * i));
}

// Moves `n` bytes from the front of `keymat` into a SecretBytes.
SecretBytes take(ByteView& keymat, size_t n) {
  SecretBytes s(keymat.first(n));
  keymat.remove_prefix(n);
  return s;
}

}  // namespace

absl::StatusOr<SecretBytes> prf_plus(const Prf& prf, ByteView key, absl::Span<const ByteView> seed,
                                     size_t length) {
  const size_t block = prf.output_size();
  if (block == 0) return absl::InvalidArgumentError("prf+: PRF with no output");
  if ((length + block - 1) / block > 255)
    return absl::InvalidArgumentError("prf+: more than 255 blocks requested (RFC 7296 §2.13)");
  SecretBytes out(length);
  SecretBytes t(block);
  absl::InlinedVector<ByteView, 8> pieces;
  size_t done = 0;
  for (uint8_t n = 1; done < length; ++n) {
    pieces.clear();
    if (n > 1) pieces.push_back(t.view());
    pieces.insert(pieces.end(), seed.begin(), seed.end());
    const uint8_t counter[1] = {n};
    pieces.push_back(ByteView(counter));
    if (absl::Status s = prf.compute(key, pieces, t.mutable_view()); !s.ok()) return s;
    size_t take_now = std::min(block, length - done);
    std::copy_n(t.view().begin(), take_now, out.mutable_view().begin() + static_cast<std::ptrdiff_t>(done));
    done += take_now;
  }
  return out;
}

absl::StatusOr<SecretBytes> skeyseed(const Prf& prf, ByteView ni, ByteView nr, ByteView shared_secret) {
  SecretBytes key;
  if (fixed_key_prf(prf.id())) {
    // §2.14: half the key bits from each nonce, taking the first bits of each.
    const size_t half = prf.key_size() / 2;
    if (ni.size() < half || nr.size() < half) return absl::InvalidArgumentError("SKEYSEED: nonce too short");
    key = SecretBytes(prf.key_size());
    std::copy_n(ni.begin(), half, key.mutable_view().begin());
    std::copy_n(nr.begin(), half, key.mutable_view().begin() + static_cast<std::ptrdiff_t>(half));
  } else {
    key = SecretBytes(ni.size() + nr.size());
    std::copy(ni.begin(), ni.end(), key.mutable_view().begin());
    std::copy(nr.begin(), nr.end(), key.mutable_view().begin() + static_cast<std::ptrdiff_t>(ni.size()));
  }
  SecretBytes out(prf.output_size());
  const ByteView data[] = {shared_secret};
  if (absl::Status s = prf.compute(key.view(), data, out.mutable_view()); !s.ok()) return s;
  return out;
}

absl::StatusOr<SecretBytes> rekey_skeyseed(const Prf& prf, ByteView old_sk_d, ByteView shared_secret,
                                           ByteView ni, ByteView nr) {
  SecretBytes out(prf.output_size());
  const ByteView data[] = {shared_secret, ni, nr};
  if (absl::Status s = prf.compute(old_sk_d, data, out.mutable_view()); !s.ok()) return s;
  return out;
}

absl::StatusOr<IkeSaKeys> derive_ike_sa_keys(const Prf& prf, ByteView skeyseed_value, ByteView ni, ByteView nr,
                                             uint64_t spi_i, uint64_t spi_r, const IkeKeySizes& sizes) {
  uint8_t spis[2][8];
  put_spi(spi_i, spis[0]);
  put_spi(spi_r, spis[1]);
  const ByteView seed[] = {ni, nr, ByteView(spis[0]), ByteView(spis[1])};
  const size_t total = 3 * sizes.prf + 2 * sizes.integ + 2 * sizes.encr;
  absl::StatusOr<SecretBytes> keymat = prf_plus(prf, skeyseed_value, seed, total);
  if (!keymat.ok()) return keymat.status();
  ByteView rest = keymat->view();
  IkeSaKeys k;
  k.d = take(rest, sizes.prf);
  k.ai = take(rest, sizes.integ);
  k.ar = take(rest, sizes.integ);
  k.ei = take(rest, sizes.encr);
  k.er = take(rest, sizes.encr);
  k.pi = take(rest, sizes.prf);
  k.pr = take(rest, sizes.prf);
  return k;
}

absl::StatusOr<SecretBytes> child_keymat(const Prf& prf, ByteView sk_d, ByteView shared_secret, ByteView ni,
                                         ByteView nr, size_t length) {
  absl::InlinedVector<ByteView, 3> seed;
  if (!shared_secret.empty()) seed.push_back(shared_secret);
  seed.push_back(ni);
  seed.push_back(nr);
  return prf_plus(prf, sk_d, seed, length);
}

absl::StatusOr<ChildSaKeys> derive_child_sa_keys(const Prf& prf, ByteView sk_d, ByteView shared_secret,
                                                 ByteView ni, ByteView nr, size_t encr_size, size_t integ_size) {
  absl::StatusOr<SecretBytes> keymat =
      child_keymat(prf, sk_d, shared_secret, ni, nr, 2 * (encr_size + integ_size));
  if (!keymat.ok()) return keymat.status();
  ByteView rest = keymat->view();
  ChildSaKeys k;
  k.encr_i = take(rest, encr_size);
  k.integ_i = take(rest, integ_size);
  k.encr_r = take(rest, encr_size);
  k.integ_r = take(rest, integ_size);
  return k;
}

}  // namespace ikecore
