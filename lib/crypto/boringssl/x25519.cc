// Curve25519 key exchange, group 31 (RFC 8031), on BoringSSL's X25519.
#include <openssl/curve25519.h>

#include "absl/strings/str_format.h"
#include "key_exchange.h"

namespace ikecore::boringssl {
namespace {

class X25519KeyExchange final : public KeyExchange {
 public:
  X25519KeyExchange(SecretBytes private_key, Bytes public_value)
      : private_(std::move(private_key)), public_(std::move(public_value)) {}

  KeGroup group() const override { return KeGroup::kCurve25519; }
  ByteView public_value() const override { return public_; }

  Async<SecretBytes> derive(ByteView peer_value) override {
    if (peer_value.size() != X25519_PUBLIC_VALUE_LEN) {
      return absl::InvalidArgumentError(absl::StrFormat("CURVE25519: peer public value is %u octets, expected %u",
                                                        peer_value.size(), size_t{X25519_PUBLIC_VALUE_LEN}));
    }
    SecretBytes secret(X25519_SHARED_KEY_LEN);
    // X25519() returns 0 when the result is all zeros, i.e. the peer sent a
    // point of small order (RFC 7748 §6.1, RFC 8031 §2.3: MUST be rejected).
    if (!X25519(secret.mutable_view().data(), private_.view().data(), peer_value.data())) {
      return absl::InvalidArgumentError("CURVE25519: peer public value is of small order (all-zero shared secret)");
    }
    return secret;
  }

 private:
  SecretBytes private_;
  Bytes public_;
};

}  // namespace

namespace kex_internal {

absl::StatusOr<std::unique_ptr<KeyExchange>> make_x25519(std::optional<ByteView> private_key) {
  SecretBytes priv(X25519_PRIVATE_KEY_LEN);
  Bytes public_value(X25519_PUBLIC_VALUE_LEN);
  if (private_key) {
    if (private_key->size() != X25519_PRIVATE_KEY_LEN) {
      return absl::InvalidArgumentError(absl::StrFormat("CURVE25519: private key is %u octets, expected %u",
                                                        private_key->size(), size_t{X25519_PRIVATE_KEY_LEN}));
    }
    priv = SecretBytes(*private_key);
    X25519_public_from_private(public_value.data(), priv.view().data());
  } else {
    X25519_keypair(public_value.data(), priv.mutable_view().data());
  }
  return std::unique_ptr<KeyExchange>(new X25519KeyExchange(std::move(priv), std::move(public_value)));
}

}  // namespace kex_internal
}  // namespace ikecore::boringssl
