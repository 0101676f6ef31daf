// ECP groups 19, 20, 21 (RFC 5903) on BoringSSL's EC_KEY / ECDH.
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdh.h>
#include <openssl/err.h>
#include <openssl/nid.h>

#include "absl/strings/str_format.h"
#include "key_exchange.h"

namespace ikecore::boringssl {
namespace {

struct Curve {
  KeGroup group;
  int nid;
  size_t field_size;  // octets of one coordinate (RFC 5903 §7)
};

constexpr Curve kCurves[] = {
    {KeGroup::kEcp256, NID_X9_62_prime256v1, 32},
    {KeGroup::kEcp384, NID_secp384r1, 48},
    {KeGroup::kEcp521, NID_secp521r1, 66},
};

const Curve* find_curve(KeGroup group) {
  for (const Curve& c : kCurves)
    if (c.group == group) return &c;
  return nullptr;
}

struct BnClearFree {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
using SecretBn = std::unique_ptr<BIGNUM, BnClearFree>;

absl::Status internal(const Curve& c, const char* what) {
  ERR_clear_error();
  return absl::InternalError(absl::StrFormat("%s: BoringSSL %s failed", name(c.group), what));
}

class EcpKeyExchange final : public KeyExchange {
 public:
  EcpKeyExchange(const Curve& curve, bssl::UniquePtr<EC_KEY> key, Bytes public_value)
      : curve_(curve), key_(std::move(key)), public_(std::move(public_value)) {}

  KeGroup group() const override { return curve_.group; }
  ByteView public_value() const override { return public_; }

  Async<SecretBytes> derive(ByteView peer_value) override {
    const size_t fs = curve_.field_size;
    if (peer_value.size() != 2 * fs) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: peer public value is %u octets, expected %u",
                                                        name(curve_.group), peer_value.size(), 2 * fs));
    }
    // RFC 5903 §7 carries x || y; SEC 1 uncompressed form adds the 0x04.
    Bytes encoded;
    encoded.reserve(1 + 2 * fs);
    encoded.push_back(0x04);
    encoded.insert(encoded.end(), peer_value.begin(), peer_value.end());

    const EC_GROUP* ec = EC_KEY_get0_group(key_.get());
    bssl::UniquePtr<EC_POINT> peer(EC_POINT_new(ec));
    if (!peer) return internal(curve_, "EC_POINT_new");
    // oct2point rejects coordinates >= p and points off the curve; checked
    // again explicitly below (SP 800-56A §5.6.2.3.3 partial validation; the
    // cofactor is 1, so a point on the curve other than infinity has order n).
    if (!EC_POINT_oct2point(ec, peer.get(), encoded.data(), encoded.size(), nullptr) ||
        !EC_POINT_is_on_curve(ec, peer.get(), nullptr) || EC_POINT_is_at_infinity(ec, peer.get())) {
      ERR_clear_error();
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: peer public value is not a point on the curve", name(curve_.group)));
    }
    // The shared secret is the x coordinate of g^ir, field-size octets
    // (RFC 5903 §7); ECDH_compute_key writes it left-padded.
    SecretBytes secret(fs);
    int n = ECDH_compute_key(secret.mutable_view().data(), fs, peer.get(), key_.get(), nullptr);
    if (n < 0 || static_cast<size_t>(n) != fs) return internal(curve_, "ECDH_compute_key");
    return secret;
  }

 private:
  const Curve& curve_;
  bssl::UniquePtr<EC_KEY> key_;  // EC_KEY_free wipes the private scalar
  Bytes public_;
};

}  // namespace

namespace kex_internal {

bool is_ecp(KeGroup group) { return find_curve(group) != nullptr; }

absl::StatusOr<std::unique_ptr<KeyExchange>> make_ecp(KeGroup group, std::optional<ByteView> private_key) {
  const Curve* c = find_curve(group);
  if (c == nullptr) return absl::InvalidArgumentError(absl::StrFormat("%s is not an ECP group", to_string(group)));
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(c->nid));
  if (!key) return internal(*c, "EC_KEY_new_by_curve_name");
  const EC_GROUP* ec = EC_KEY_get0_group(key.get());

  if (private_key) {
    const BIGNUM* order = EC_GROUP_get0_order(ec);
    const size_t order_size = BN_num_bytes(order);
    if (private_key->empty() || private_key->size() > order_size) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: private key is %u octets, expected 1 to %u",
                                                        name(group), private_key->size(), order_size));
    }
    SecretBn d(BN_bin2bn(private_key->data(), private_key->size(), nullptr));
    if (!d) return internal(*c, "BN_bin2bn");
    if (BN_is_zero(d.get()) || BN_cmp(d.get(), order) >= 0) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: private key is not in the range 0 < d < n", name(group)));
    }
    bssl::UniquePtr<EC_POINT> q(EC_POINT_new(ec));
    if (!q) return internal(*c, "EC_POINT_new");
    if (!EC_KEY_set_private_key(key.get(), d.get())) return internal(*c, "EC_KEY_set_private_key");
    if (!EC_POINT_mul(ec, q.get(), d.get(), nullptr, nullptr, nullptr)) return internal(*c, "EC_POINT_mul");
    if (!EC_KEY_set_public_key(key.get(), q.get())) return internal(*c, "EC_KEY_set_public_key");
  } else if (!EC_KEY_generate_key(key.get())) {
    return internal(*c, "EC_KEY_generate_key");
  }

  const size_t fs = c->field_size;
  Bytes encoded(1 + 2 * fs);
  if (EC_POINT_point2oct(ec, EC_KEY_get0_public_key(key.get()), POINT_CONVERSION_UNCOMPRESSED, encoded.data(),
                         encoded.size(), nullptr) != encoded.size() ||
      encoded[0] != 0x04) {
    return internal(*c, "EC_POINT_point2oct");
  }
  Bytes public_value(encoded.begin() + 1, encoded.end());  // x || y, RFC 5903 §7
  return std::unique_ptr<KeyExchange>(new EcpKeyExchange(*c, std::move(key), std::move(public_value)));
}

}  // namespace kex_internal
}  // namespace ikecore::boringssl
