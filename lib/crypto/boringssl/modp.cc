// MODP Diffie-Hellman (RFC 2409 §6, RFC 3526) on BoringSSL's DH.
#include <openssl/bn.h>
#include <openssl/dh.h>
#include <openssl/err.h>

#include "absl/strings/str_format.h"
#include "key_exchange.h"
#include "modp_groups.h"

namespace ikecore::boringssl {
namespace {

// BIGNUMs that may hold secrets are wiped when freed.
struct BnClearFree {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
using SecretBn = std::unique_ptr<BIGNUM, BnClearFree>;

// DH_free wipes the private exponent (BN_clear_free in BoringSSL's DH_free).
struct DhFree {
  void operator()(DH* dh) const { DH_free(dh); }
};
using DhPtr = std::unique_ptr<DH, DhFree>;

absl::Status internal(const ModpGroup& g, const char* what) {
  ERR_clear_error();
  return absl::InternalError(absl::StrFormat("%s: BoringSSL %s failed", name(g.group), what));
}

class ModpKeyExchange final : public KeyExchange {
 public:
  ModpKeyExchange(const ModpGroup& group, DhPtr dh, SecretBn p_minus_1, Bytes public_value)
      : group_(group), dh_(std::move(dh)), p_minus_1_(std::move(p_minus_1)), public_(std::move(public_value)) {}

  KeGroup group() const override { return group_.group; }
  ByteView public_value() const override { return public_; }

  Async<SecretBytes> derive(ByteView peer_value) override {
    const size_t size = group_.bits / 8;
    if (peer_value.size() != size) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: peer public value is %u octets, expected %u",
                                                        name(group_.group), peer_value.size(), size));
    }
    SecretBn y(BN_bin2bn(peer_value.data(), peer_value.size(), nullptr));
    if (!y) return internal(group_, "BN_bin2bn");
    // RFC 7296 §2.12 / SP 800-56A §5.6.2.3.2 partial validation: 1 < y < p-1.
    // With a safe prime p = 2q+1 the only elements of small order are 1 and
    // p-1, so this also rules out small-subgroup confinement.
    if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), p_minus_1_.get()) >= 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: peer public value is not in the range 1 < y < p-1", name(group_.group)));
    }
    SecretBytes secret(size);
    // g^xy mod p, left-padded to the prime's length (RFC 7296 §2.14 uses it
    // as is). DH_compute_key_padded repeats the range check on y.
    int n = DH_compute_key_padded(secret.mutable_view().data(), y.get(), dh_.get());
    if (n < 0 || static_cast<size_t>(n) != size) return internal(group_, "DH_compute_key_padded");
    return secret;
  }

 private:
  const ModpGroup& group_;
  DhPtr dh_;
  SecretBn p_minus_1_;
  Bytes public_;
};

}  // namespace

namespace kex_internal {

bool is_modp(KeGroup group) { return find_modp_group(group) != nullptr; }

absl::StatusOr<std::unique_ptr<KeyExchange>> make_modp(KeGroup group, std::optional<ByteView> private_key) {
  const ModpGroup* g = find_modp_group(group);
  if (g == nullptr) return absl::InvalidArgumentError(absl::StrFormat("%s is not a MODP group", to_string(group)));
  const size_t size = g->bits / 8;

  SecretBn p(modp_prime(*g));
  SecretBn two(BN_new());
  SecretBn p_minus_1(BN_new());
  DhPtr dh(DH_new());
  if (!p || !two || !p_minus_1 || !dh) return internal(*g, "allocation");
  if (BN_num_bits(p.get()) != g->bits) return internal(*g, "prime");
  if (!BN_set_word(two.get(), 2) || !BN_copy(p_minus_1.get(), p.get()) || !BN_sub_word(p_minus_1.get(), 1))
    return internal(*g, "BIGNUM arithmetic");

  if (private_key) {
    if (private_key->empty() || private_key->size() > size) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: private exponent is %u octets, expected 1 to %u",
                                                        name(group), private_key->size(), size));
    }
    SecretBn x(BN_bin2bn(private_key->data(), private_key->size(), nullptr));
    if (!x) return internal(*g, "BN_bin2bn");
    if (BN_cmp(x.get(), BN_value_one()) <= 0 || BN_cmp(x.get(), p_minus_1.get()) >= 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: private exponent is not in the range 1 < x < p-1", name(group)));
    }
    // DH_set0_key takes ownership; DH_generate_key then only computes g^x.
    if (!DH_set0_key(dh.get(), nullptr, x.get())) return internal(*g, "DH_set0_key");
    x.release();
  } else if (!DH_set_length(dh.get(), g->exponent_bits)) {
    return internal(*g, "DH_set_length");
  }
  // No q: DH_generate_key then draws an exponent of exactly DH_set_length
  // bits (top bit set) from BoringSSL's RNG.
  if (!DH_set0_pqg(dh.get(), p.get(), nullptr, two.get())) return internal(*g, "DH_set0_pqg");
  p.release();
  two.release();
  if (!DH_generate_key(dh.get())) return internal(*g, "DH_generate_key");

  // RFC 7296 §3.4: the public value is padded with zeros to the prime's length.
  Bytes public_value(size);
  if (!BN_bn2bin_padded(public_value.data(), public_value.size(), DH_get0_pub_key(dh.get())))
    return internal(*g, "BN_bn2bin_padded");
  return std::unique_ptr<KeyExchange>(
      new ModpKeyExchange(*g, std::move(dh), std::move(p_minus_1), std::move(public_value)));
}

}  // namespace kex_internal
}  // namespace ikecore::boringssl
