// IKEv2 key exchange on BoringSSL: the published vectors of RFC 5903 §8 and
// RFC 7748 §5.2/§6.1, MODP against an independent python3 computation and
// the RFC primes, and the rejection of every kind of bad peer value.
#include "crypto/boringssl/key_exchange.h"

#include <openssl/bn.h>
#include <openssl/dh.h>
#include <openssl/sha.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "vector_file.h"

#include "crypto/boringssl/modp_groups.h"
#include "ikecore/wire/verify.h"

using namespace ikecore;
using boringssl::make_key_exchange;
using boringssl::make_key_exchange_with_private;

namespace {

using Block = std::map<std::string, std::string>;

std::vector<Block> read_blocks(const std::string& file) {
  std::vector<Block> out;
  for (const test::Vector& v : test::read_vectors(file)) out.push_back(v.fields);
  return out;
}

using test::hex;

Bytes concat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

Bytes bytes_of(ByteView v) { return Bytes(v.begin(), v.end()); }

KeGroup group_of(const std::string& number) { return static_cast<KeGroup>(std::stoi(number)); }

std::unique_ptr<KeyExchange> fresh(KeGroup group) {
  auto ke = make_key_exchange(group);
  REQUIRE(ke.ok());
  REQUIRE(*ke != nullptr);
  CHECK((*ke)->group() == group);
  return std::move(*ke);
}

std::unique_ptr<KeyExchange> with_private(KeGroup group, const Bytes& private_key) {
  auto ke = make_key_exchange_with_private(group, private_key);
  INFO(ke.status().ToString());
  REQUIRE(ke.ok());
  CHECK((*ke)->group() == group);
  return std::move(*ke);
}

// derive(), which on BoringSSL always answers at once.
absl::StatusOr<SecretBytes> derive(KeyExchange& ke, ByteView peer) {
  Async<SecretBytes> a = ke.derive(peer);
  REQUIRE_FALSE(a.pending());
  return a.take();
}

Bytes derive_ok(KeyExchange& ke, ByteView peer) {
  auto s = derive(ke, peer);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return bytes_of(s->view());
}

void check_rejected(KeyExchange& ke, const Bytes& peer, const char* what) {
  INFO(name(ke.group()) << ": " << what << " (" << peer.size() << " octets)");
  auto s = derive(ke, peer);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
}

// The Key Exchange Data size the codec expects (ikecore/wire/verify.h), the
// same in both directions for these groups.
size_t wire_size(KeGroup group) {
  auto i = key_exchange_length(group, true), r = key_exchange_length(group, false);
  REQUIRE(i.has_value());
  REQUIRE(r.has_value());
  REQUIRE(*i == *r);
  return *i;
}

const KeGroup kModpGroups[] = {KeGroup::kModp768,  KeGroup::kModp1024, KeGroup::kModp1536, KeGroup::kModp2048,
                               KeGroup::kModp3072, KeGroup::kModp4096, KeGroup::kModp6144, KeGroup::kModp8192};
const KeGroup kEcpGroups[] = {KeGroup::kEcp256, KeGroup::kEcp384, KeGroup::kEcp521};

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Bytes bn_bytes(const BIGNUM* bn, size_t size) {
  Bytes out(size);
  REQUIRE(BN_bn2bin_padded(out.data(), size, bn));
  return out;
}

Bytes modp_prime_bytes(KeGroup group) {
  const boringssl::ModpGroup* g = boringssl::find_modp_group(group);
  REQUIRE(g != nullptr);
  Bn p(boringssl::modp_prime(*g));
  REQUIRE(p);
  return bn_bytes(p.get(), g->bits / 8);
}

// A big-endian number of `size` octets plus or minus a small value.
Bytes add_small(Bytes v, int delta) {
  int carry = delta;
  for (size_t i = v.size(); i-- > 0 && carry != 0;) {
    int x = v[i] + carry;
    carry = x < 0 ? -1 : x >> 8;
    v[i] = static_cast<uint8_t>(x & 0xff);
  }
  return v;
}

Bytes small_value(size_t size, uint8_t last) {
  Bytes v(size, 0);
  v.back() = last;
  return v;
}

}  // namespace

// ---------------------------------------------------------------------------
// Which groups there are.

TEST_CASE("supported groups and their Key Exchange Data sizes", "[crypto][kex]") {
  for (KeGroup g : kModpGroups) CHECK(boringssl::is_supported(g));
  for (KeGroup g : kEcpGroups) CHECK(boringssl::is_supported(g));
  CHECK(boringssl::is_supported(KeGroup::kCurve25519));

  // RFC 7296 §3.4 (the prime's length), RFC 5903 §7 (2 x field size), RFC 8031.
  const std::pair<KeGroup, size_t> sizes[] = {
      {KeGroup::kModp768, 96},   {KeGroup::kModp1024, 128}, {KeGroup::kModp1536, 192}, {KeGroup::kModp2048, 256},
      {KeGroup::kModp3072, 384}, {KeGroup::kModp4096, 512}, {KeGroup::kModp6144, 768}, {KeGroup::kModp8192, 1024},
      {KeGroup::kEcp256, 64},    {KeGroup::kEcp384, 96},    {KeGroup::kEcp521, 132},   {KeGroup::kCurve25519, 32},
  };
  for (auto [group, size] : sizes) {
    INFO(name(group));
    CHECK(wire_size(group) == size);
    auto ke = fresh(group);
    CHECK(ke->public_value().size() == size);
  }
}

TEST_CASE("groups BoringSSL cannot do are kUnimplemented", "[crypto][kex]") {
  const KeGroup missing[] = {
      KeGroup::kNone,         KeGroup::kModp1024s160, KeGroup::kModp2048s224, KeGroup::kModp2048s256,
      KeGroup::kEcp192,       KeGroup::kEcp224,       KeGroup::kBrainpool224, KeGroup::kBrainpool256,
      KeGroup::kBrainpool384, KeGroup::kBrainpool512, KeGroup::kCurve448,     KeGroup::kGost256,
      KeGroup::kGost512,      KeGroup::kMlKem512,     KeGroup::kMlKem768,     KeGroup::kMlKem1024,
      static_cast<KeGroup>(3), static_cast<KeGroup>(4), static_cast<KeGroup>(38), static_cast<KeGroup>(1025),
  };
  const Bytes key(32, 0x11);
  for (KeGroup g : missing) {
    INFO(to_string(g));
    CHECK_FALSE(boringssl::is_supported(g));
    auto ke = make_key_exchange(g);
    REQUIRE_FALSE(ke.ok());
    CHECK(ke.status().code() == absl::StatusCode::kUnimplemented);
    CHECK(std::string(ke.status().message()).find(to_string(g)) != std::string::npos);
    auto fixed = make_key_exchange_with_private(g, key);
    REQUIRE_FALSE(fixed.ok());
    CHECK(fixed.status().code() == absl::StatusCode::kUnimplemented);
  }
}

// ---------------------------------------------------------------------------
// MODP.

TEST_CASE("MODP primes match the RFC 2409 / RFC 3526 text", "[crypto][kex]") {
  auto blocks = read_blocks("modp-primes.txt");
  REQUIRE(blocks.size() == 8);
  REQUIRE(boringssl::modp_groups().size() == 8);
  for (Block& b : blocks) {
    KeGroup group = group_of(b["group"]);
    INFO(b["source"]);
    const boringssl::ModpGroup* g = boringssl::find_modp_group(group);
    REQUIRE(g != nullptr);
    CHECK(std::string(g->source) == b["source"]);
    CHECK(g->bits == std::stoul(b["bits"]));
    CHECK(wire_size(group) * 8 == g->bits);
    // The exponents we generate: at least 256 bits and far below the prime.
    CHECK(g->exponent_bits >= 256);
    CHECK(g->exponent_bits < g->bits / 2);

    Bn used(boringssl::modp_prime(*g));
    Bn text(boringssl::modp_prime_from_text(*g));
    REQUIRE(used);
    REQUIRE(text);
    CHECK(BN_num_bits(used.get()) == g->bits);
    CHECK(BN_cmp(used.get(), text.get()) == 0);

    const size_t size = g->bits / 8;
    Bytes p = bn_bytes(used.get(), size);
    Bytes head = hex(b["head"]), tail = hex(b["tail"]);
    REQUIRE(head.size() == 16);
    REQUIRE(tail.size() == 16);
    CHECK(Bytes(p.begin(), p.begin() + 16) == head);
    CHECK(Bytes(p.end() - 16, p.end()) == tail);

    uint8_t digest[SHA256_DIGEST_LENGTH];
    SHA256(p.data(), p.size(), digest);
    CHECK(Bytes(digest, digest + sizeof digest) == hex(b["sha256"]));
  }

  // Group 5: BoringSSL's own constant is used; the RFC text must equal it.
  Bn ours(boringssl::modp_prime_from_text(*boringssl::find_modp_group(KeGroup::kModp1536)));
  Bn theirs(BN_get_rfc3526_prime_1536(nullptr));
  REQUIRE(ours);
  REQUIRE(theirs);
  CHECK(BN_cmp(ours.get(), theirs.get()) == 0);
}

TEST_CASE("MODP with fixed private keys matches python3's pow()", "[crypto][kex]") {
  auto blocks = read_blocks("modp-pow-python.txt");
  REQUIRE(blocks.size() == 8);
  for (Block& b : blocks) {
    KeGroup group = group_of(b["group"]);
    INFO(name(group));
    const size_t size = wire_size(group);
    Bytes gi = hex(b["gi"]), gr = hex(b["gr"]), gir = hex(b["gir"]);
    REQUIRE(gi.size() == size);
    REQUIRE(gr.size() == size);
    REQUIRE(gir.size() == size);
    // The vectors were chosen so that these lead with a zero octet.
    CHECK(gi[0] == 0);
    CHECK(gir[0] == 0);

    auto initiator = with_private(group, hex(b["i"]));
    auto responder = with_private(group, hex(b["r"]));
    CHECK(bytes_of(initiator->public_value()) == gi);
    CHECK(bytes_of(responder->public_value()) == gr);
    CHECK(derive_ok(*initiator, gr) == gir);
    CHECK(derive_ok(*responder, gi) == gir);
  }
}

TEST_CASE("MODP key pairs from the RNG agree", "[crypto][kex]") {
  for (KeGroup group : kModpGroups) {
    INFO(name(group));
    const size_t size = wire_size(group);
    auto a = fresh(group);
    auto b = fresh(group);
    REQUIRE(a->public_value().size() == size);
    REQUIRE(b->public_value().size() == size);
    CHECK(bytes_of(a->public_value()) != bytes_of(b->public_value()));
    Bytes ab = derive_ok(*a, b->public_value());
    Bytes ba = derive_ok(*b, a->public_value());
    CHECK(ab.size() == size);
    CHECK(ab == ba);
    // Deriving again gives the same secret.
    CHECK(derive_ok(*a, b->public_value()) == ab);
  }
}

TEST_CASE("MODP rejects bad peer values", "[crypto][kex]") {
  for (KeGroup group : kModpGroups) {
    INFO(name(group));
    const size_t size = wire_size(group);
    auto ke = fresh(group);
    Bytes good = bytes_of(fresh(group)->public_value());
    Bytes p = modp_prime_bytes(group);

    check_rejected(*ke, {}, "empty");
    check_rejected(*ke, Bytes(good.begin(), good.end() - 1), "one octet short");
    check_rejected(*ke, Bytes(good.begin() + 1, good.end()), "one octet short (leading dropped)");
    check_rejected(*ke, concat(good, {0}), "one octet long");
    check_rejected(*ke, concat({0}, good), "one octet long (leading zero)");
    check_rejected(*ke, small_value(size, 0), "0");
    check_rejected(*ke, small_value(size, 1), "1");
    check_rejected(*ke, add_small(p, -1), "p-1");
    check_rejected(*ke, p, "p");
    check_rejected(*ke, add_small(p, 1), "p+1");
    check_rejected(*ke, Bytes(size, 0xff), "all 0xff");

    // The edges of the valid range are accepted.
    CHECK(derive(*ke, small_value(size, 2)).ok());
    CHECK(derive(*ke, add_small(p, -2)).ok());
    // And a rejected value leaves the key usable.
    CHECK(derive(*ke, good).ok());
  }
}

TEST_CASE("MODP rejects bad fixed private keys", "[crypto][kex]") {
  for (KeGroup group : {KeGroup::kModp768, KeGroup::kModp2048}) {
    INFO(name(group));
    const size_t size = wire_size(group);
    Bytes p = modp_prime_bytes(group);
    for (const Bytes& x : {Bytes{}, Bytes{0}, Bytes{1}, small_value(size, 1), add_small(p, -1), p,
                           Bytes(size, 0xff), Bytes(size + 1, 0x01)}) {
      auto ke = make_key_exchange_with_private(group, x);
      REQUIRE_FALSE(ke.ok());
      CHECK(ke.status().code() == absl::StatusCode::kInvalidArgument);
    }
    CHECK(make_key_exchange_with_private(group, Bytes{2}).ok());
  }
}

// ---------------------------------------------------------------------------
// ECP.

TEST_CASE("ECP groups match RFC 5903 section 8", "[crypto][kex]") {
  auto blocks = read_blocks("rfc5903-ecp-groups.txt");
  REQUIRE(blocks.size() == 3);
  for (Block& b : blocks) {
    KeGroup group = group_of(b["group"]);
    INFO("RFC 5903 §" << b["section"] << ", " << name(group));
    const size_t size = wire_size(group);
    Bytes gi = concat(hex(b["gix"]), hex(b["giy"]));
    Bytes gr = concat(hex(b["grx"]), hex(b["gry"]));
    Bytes girx = hex(b["girx"]);
    REQUIRE(gi.size() == size);
    REQUIRE(gr.size() == size);
    REQUIRE(girx.size() == size / 2);

    auto initiator = with_private(group, hex(b["i"]));
    auto responder = with_private(group, hex(b["r"]));
    CHECK(bytes_of(initiator->public_value()) == gi);
    CHECK(bytes_of(responder->public_value()) == gr);
    // RFC 5903 §7: the shared secret is the x coordinate alone.
    CHECK(derive_ok(*initiator, gr) == girx);
    CHECK(derive_ok(*responder, gi) == girx);
  }
}

TEST_CASE("ECP key pairs from the RNG agree", "[crypto][kex]") {
  for (KeGroup group : kEcpGroups) {
    INFO(name(group));
    const size_t size = wire_size(group);
    auto a = fresh(group);
    auto b = fresh(group);
    CHECK(bytes_of(a->public_value()) != bytes_of(b->public_value()));
    Bytes ab = derive_ok(*a, b->public_value());
    CHECK(ab.size() == size / 2);
    CHECK(ab == derive_ok(*b, a->public_value()));
  }
}

TEST_CASE("ECP rejects bad peer values", "[crypto][kex]") {
  auto blocks = read_blocks("rfc5903-ecp-groups.txt");
  REQUIRE(blocks.size() == 3);
  for (Block& b : blocks) {
    KeGroup group = group_of(b["group"]);
    INFO(name(group));
    const size_t size = wire_size(group);
    auto ke = fresh(group);
    Bytes gr = concat(hex(b["grx"]), hex(b["gry"]));
    REQUIRE(derive(*ke, gr).ok());

    check_rejected(*ke, {}, "empty");
    check_rejected(*ke, Bytes(gr.begin(), gr.end() - 1), "one octet short");
    check_rejected(*ke, concat(gr, {0}), "one octet long");
    check_rejected(*ke, concat({0x04}, gr), "with the SEC 1 0x04 prefix");
    check_rejected(*ke, Bytes(size, 0), "all zeros");
    Bytes off_curve = gr;
    off_curve.back() ^= 0x01;  // y + 1 or y - 1: not on the curve
    check_rejected(*ke, off_curve, "not on the curve");
    Bytes swapped = concat(hex(b["gry"]), hex(b["grx"]));
    check_rejected(*ke, swapped, "x and y swapped");
    check_rejected(*ke, Bytes(size, 0xff), "all 0xff (coordinates >= p)");
    Bytes x_only = concat(hex(b["grx"]), Bytes(size / 2, 0));
    check_rejected(*ke, x_only, "y = 0");
  }
}

TEST_CASE("ECP rejects bad fixed private keys", "[crypto][kex]") {
  // Empty, 0, a value of the right length above the order n, too long.
  for (KeGroup group : kEcpGroups) {
    INFO(name(group));
    const size_t size = wire_size(group) / 2;
    for (const Bytes& d : {Bytes{}, Bytes{0}, Bytes(size, 0), Bytes(size, 0xff), Bytes(size + 1, 0x01)}) {
      auto ke = make_key_exchange_with_private(group, d);
      REQUIRE_FALSE(ke.ok());
      CHECK(ke.status().code() == absl::StatusCode::kInvalidArgument);
    }
    // d = 1: the public value is the base point.
    CHECK(make_key_exchange_with_private(group, Bytes{1}).ok());
  }
}

// ---------------------------------------------------------------------------
// Curve25519.

TEST_CASE("X25519 matches RFC 7748 section 5.2", "[crypto][kex]") {
  auto blocks = read_blocks("rfc7748-x25519.txt");
  int functions = 0, iterated = 0;
  for (Block& b : blocks) {
    if (b.count("scalar")) {
      INFO("scalar " << b["scalar"]);
      auto ke = with_private(KeGroup::kCurve25519, hex(b["scalar"]));
      CHECK(derive_ok(*ke, hex(b["u"])) == hex(b["output"]));
      ++functions;
    } else if (b.count("iterations")) {
      const int n = std::stoi(b["iterations"]);
      INFO(n << " iterations");
      Bytes k = small_value(32, 0), u = small_value(32, 0);
      k[0] = u[0] = 9;
      for (int i = 0; i < n; ++i) {
        Bytes next = derive_ok(*with_private(KeGroup::kCurve25519, k), u);
        u = k;
        k = next;
      }
      CHECK(k == hex(b["k"]));
      ++iterated;
    }
  }
  CHECK(functions == 2);
  CHECK(iterated == 2);
}

TEST_CASE("X25519 matches RFC 7748 section 6.1", "[crypto][kex]") {
  auto blocks = read_blocks("rfc7748-x25519.txt");
  int found = 0;
  for (Block& b : blocks) {
    if (!b.count("alice_private")) continue;
    ++found;
    auto alice = with_private(KeGroup::kCurve25519, hex(b["alice_private"]));
    auto bob = with_private(KeGroup::kCurve25519, hex(b["bob_private"]));
    CHECK(bytes_of(alice->public_value()) == hex(b["alice_public"]));
    CHECK(bytes_of(bob->public_value()) == hex(b["bob_public"]));
    CHECK(derive_ok(*alice, bob->public_value()) == hex(b["shared"]));
    CHECK(derive_ok(*bob, alice->public_value()) == hex(b["shared"]));
  }
  CHECK(found == 1);
}

TEST_CASE("X25519 key pairs from the RNG agree", "[crypto][kex]") {
  auto a = fresh(KeGroup::kCurve25519);
  auto b = fresh(KeGroup::kCurve25519);
  CHECK(bytes_of(a->public_value()) != bytes_of(b->public_value()));
  Bytes ab = derive_ok(*a, b->public_value());
  CHECK(ab.size() == 32);
  CHECK(ab == derive_ok(*b, a->public_value()));
}

TEST_CASE("X25519 rejects small-order points and bad lengths", "[crypto][kex]") {
  auto ke = fresh(KeGroup::kCurve25519);
  auto blocks = read_blocks("x25519-small-order.txt");
  REQUIRE(blocks.size() == 7);
  for (Block& b : blocks) check_rejected(*ke, hex(b["u"]), b["note"].c_str());

  Bytes good = bytes_of(fresh(KeGroup::kCurve25519)->public_value());
  check_rejected(*ke, {}, "empty");
  check_rejected(*ke, Bytes(good.begin(), good.end() - 1), "one octet short");
  check_rejected(*ke, concat(good, {0}), "one octet long");
  CHECK(derive(*ke, good).ok());

  for (const Bytes& key : {Bytes{}, Bytes(31, 1), Bytes(33, 1)}) {
    auto fixed = make_key_exchange_with_private(KeGroup::kCurve25519, key);
    REQUIRE_FALSE(fixed.ok());
    CHECK(fixed.status().code() == absl::StatusCode::kInvalidArgument);
  }
}
