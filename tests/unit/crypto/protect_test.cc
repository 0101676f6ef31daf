// SK / SKF protection (protect.h) with the BoringSSL provider: round trips for
// every cipher the provider has, the exact sizes RFC 7296 §3.14 / RFC 7383
// §2.5 give, the AAD of RFC 5282 §5.1 and the ICV coverage of §3.14 checked
// independently with the cipher and integrity objects, counter IVs, and every
// kind of bad input.
#include "ikecore/crypto/protect.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../wire/seed_messages.h"
#include "absl/strings/str_format.h"
#include "ikecore/crypto/boringssl.h"

using namespace ikecore;

namespace {

constexpr size_t kSkHeader = 4;   // generic payload header
constexpr size_t kSkfExtra = 4;   // Fragment Number, Total Fragments

BoringSslProvider& provider() {
  static BoringSslProvider p;
  return p;
}

struct SuiteId {
  EncrId encr;
  uint16_t key_bits;
  IntegId integ;  // kNone with AEAD
};

std::string describe(const SuiteId& s) {
  return absl::StrFormat("%s-%d / %s", to_string(s.encr), s.key_bits, to_string(s.integ));
}

// One direction of an SA: the algorithm objects, random keys and the IV
// counter, and the SkContext over them.
struct Direction {
  std::unique_ptr<Cipher> cipher;
  std::unique_ptr<Integrity> integrity;
  Bytes encr_key, integ_key;
  uint64_t counter = 0;

  explicit Direction(const SuiteId& s) {
    auto c = provider().cipher(s.encr, s.key_bits);
    REQUIRE(c.ok());
    cipher = *std::move(c);
    encr_key.resize(cipher->key_material_size());
    provider().random(absl::MakeSpan(encr_key));
    if (s.integ != IntegId::kNone) {
      auto i = provider().integrity(s.integ);
      REQUIRE(i.ok());
      integrity = *std::move(i);
      integ_key.resize(integrity->key_size());
      provider().random(absl::MakeSpan(integ_key));
    }
  }
  Direction(const Direction&) = delete;

  SkContext ctx() {
    SkContext c;
    c.cipher = cipher.get();
    c.integrity = integrity.get();
    c.encr_key = encr_key;
    c.integ_key = integ_key;
    c.iv_counter = &counter;
    c.random = &provider();
    return c;
  }
  size_t icv() const { return cipher->aead() ? cipher->icv_size() : integrity->icv_size(); }
};

Header auth_header(uint8_t flags = Header::kFlagInitiator, uint32_t message_id = 1) {
  Header h;
  h.spi_i = seed::kSpiI;
  h.spi_r = seed::kSpiR;
  h.exchange = ExchangeType::kIkeAuth;
  h.flags = flags;
  h.message_id = message_id;
  return h;
}

Bytes pattern(size_t n, uint8_t seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + 7 * i);
  return b;
}

uint32_t u32_at(ByteView b, size_t at) {
  return static_cast<uint32_t>(b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3]);
}
uint16_t u16_at(ByteView b, size_t at) { return static_cast<uint16_t>(b[at] << 8 | b[at + 1]); }

// RFC 7296 §3.14: padding so that inner + padding + Pad Length fill whole
// blocks, the least such (what protect() promises).
size_t minimal_padding(size_t inner, size_t block) { return block <= 1 ? 0 : (block - (inner + 1) % block) % block; }

// Parses `wire` and unprotects it.
absl::StatusOr<Unprotected> open_message(ByteView wire, const SkContext& ctx) {
  Message m;
  ParseError e = parse_message(wire, m);
  if (!e.ok()) return absl::InvalidArgumentError("test: message does not parse");
  return unprotect(wire, m, ctx);
}

std::vector<SuiteId> all_suites() {
  std::vector<SuiteId> v;
  for (uint16_t bits : {uint16_t{128}, uint16_t{192}, uint16_t{256}}) {
    for (IntegId integ : {IntegId::kHmacSha1_96, IntegId::kHmacSha2_256_128}) {
      v.push_back({EncrId::kAesCbc, bits, integ});
      v.push_back({EncrId::kAesCtr, bits, integ});
    }
    for (EncrId gcm : {EncrId::kAesGcm8, EncrId::kAesGcm12, EncrId::kAesGcm16})
      v.push_back({gcm, bits, IntegId::kNone});
  }
  v.push_back({EncrId::kAesCbc, 256, IntegId::kHmacSha2_512_256});
  v.push_back({EncrId::kAesCbc, 128, IntegId::kHmacSha2_384_192});
  v.push_back({EncrId::kAesCbc, 128, IntegId::kHmacMd5_96});
  v.push_back({EncrId::kAesCbc, 128, IntegId::kAesXcbc96});
  v.push_back({EncrId::kAesCtr, 128, IntegId::kAesCmac96});
  v.push_back({EncrId::kChacha20Poly1305, 256, IntegId::kNone});
  v.push_back({EncrId::k3des, 192, IntegId::kHmacSha1_96});
  v.push_back({EncrId::k3des, 192, IntegId::kHmacSha2_256_128});
  return v;
}

}  // namespace

TEST_CASE("protect/unprotect round trip for every cipher with SK and SKF", "[crypto][protect]") {
  for (const SuiteId& s : all_suites()) {
    for (bool fragment : {false, true}) {
      for (size_t inner_size : {size_t{1}, size_t{7}, size_t{15}, size_t{16}, size_t{17}, size_t{465}}) {
        INFO(describe(s) << (fragment ? " SKF" : " SK") << ", " << inner_size << " bytes inside");
        Direction d(s);
        const SkContext ctx = d.ctx();
        const Cipher& c = *d.cipher;
        const Header h = auth_header();
        const Bytes inner = pattern(inner_size, static_cast<uint8_t>(inner_size));
        const PayloadType first = inner_size ? PayloadType::kIdi : PayloadType::kNone;
        const FragmentPosition pos = fragment ? FragmentPosition{1, 2} : FragmentPosition{};
        Bytes wire;
        REQUIRE(protect(h, first, inner, ctx, wire, pos).ok());

        // Sizes (RFC 7296 §3.14, RFC 7383 §2.5, RFC 5282 §5.1).
        const size_t pad = minimal_padding(inner_size, c.block_size());
        const size_t encrypted = inner_size + pad + 1;
        const size_t sk_header = kSkHeader + (fragment ? kSkfExtra : 0);
        const size_t expected = Header::kSize + sk_header + c.iv_size() + encrypted + d.icv();
        CHECK(wire.size() == expected);
        CHECK(encrypted % std::max<size_t>(c.block_size(), 1) == 0);
        CHECK(protection_overhead(c, d.integrity.get(), inner_size, fragment) == expected - Header::kSize - inner_size);

        // The header and the SK / SKF payload header.
        CHECK(wire[16] == static_cast<uint8_t>(fragment ? PayloadType::kSkf : PayloadType::kSk));
        CHECK(wire[17] == 0x20);
        CHECK(wire[18] == static_cast<uint8_t>(ExchangeType::kIkeAuth));
        CHECK(wire[19] == Header::kFlagInitiator);
        CHECK(u32_at(wire, 20) == 1);
        CHECK(u32_at(wire, 24) == wire.size());
        CHECK(wire[28] == static_cast<uint8_t>(first));
        CHECK(wire[29] == 0);
        CHECK(u16_at(wire, 30) == wire.size() - Header::kSize);
        if (fragment) {
          CHECK(u16_at(wire, 32) == 1);
          CHECK(u16_at(wire, 34) == 2);
        }

        // Independently: the ICV (§3.14 covers the header through the
        // encrypted data) or the AEAD with the header and the SK / SKF
        // header as AAD (RFC 5282 §5.1, RFC 7383 §2.5), then the plaintext:
        // inner payloads, padding, Pad Length.
        const size_t aad_end = Header::kSize + sk_header;
        const ByteView iv = ByteView(wire).subspan(aad_end, c.iv_size());
        const ByteView ct = ByteView(wire).subspan(aad_end + c.iv_size(), encrypted + (c.aead() ? d.icv() : 0));
        Bytes plain(encrypted);
        if (c.aead()) {
          CHECK(c.decrypt(d.encr_key, iv, ByteView(wire).first(aad_end), ct, absl::MakeSpan(plain)).ok());
        } else {
          Bytes icv(d.icv());
          const ByteView covered[] = {ByteView(wire).first(wire.size() - d.icv())};
          REQUIRE(d.integrity->compute(d.integ_key, covered, absl::MakeSpan(icv)).ok());
          CHECK(icv == Bytes(wire.end() - static_cast<long>(d.icv()), wire.end()));
          CHECK(c.decrypt(d.encr_key, iv, {}, ct, absl::MakeSpan(plain)).ok());
        }
        CHECK(Bytes(plain.begin(), plain.begin() + static_cast<long>(inner_size)) == inner);
        CHECK(plain.back() == pad);

        // And back through unprotect().
        auto opened = open_message(wire, ctx);
        REQUIRE(opened.ok());
        CHECK(opened->inner_first == first);
        CHECK(Bytes(opened->plaintext.view().begin(), opened->plaintext.view().end()) == inner);
      }
    }
  }
}

TEST_CASE("protect: an empty SK payload (RFC 7296 §1.4 liveness check)", "[crypto][protect]") {
  // "An INFORMATIONAL request with no payloads (other than the empty
  // Encrypted payload required by the syntax) is commonly used as a check
  // for liveness" (RFC 7296 §1.4): no inner payloads, passed as an empty view.
  for (const SuiteId& s : {SuiteId{EncrId::kAesCbc, 128, IntegId::kHmacSha1_96},
                           SuiteId{EncrId::kAesGcm16, 256, IntegId::kNone}}) {
    INFO(describe(s));
    Direction d(s);
    Header h = auth_header(Header::kFlagInitiator, 7);
    h.exchange = ExchangeType::kInformational;
    Bytes wire;
    REQUIRE(protect(h, PayloadType::kNone, ByteView(), d.ctx(), wire).ok());
    const size_t encrypted = std::max<size_t>(d.cipher->block_size(), 1);  // padding + Pad Length
    CHECK(wire.size() == Header::kSize + kSkHeader + d.cipher->iv_size() + encrypted + d.icv());
    auto opened = open_message(wire, d.ctx());
    REQUIRE(opened.ok());
    CHECK(opened->inner_first == PayloadType::kNone);
    CHECK(opened->plaintext.empty());
  }
}

TEST_CASE("protect: the seed's sizes with AES-CBC-192 and HMAC-SHA1-96", "[crypto][protect]") {
  // Seed message 3: 465 bytes of inner payloads make a 540-byte message:
  // 28 header + 4 SK header + 16 IV + 480 (465 + 14 padding + 1 Pad Length)
  // + 12 ICV. Message 4: 1218 -> 28 + 4 + 16 + 1232 + 12 = 1292. Message 12:
  // 4332 -> 28 + 4 + 16 + 4336 + 12 = 4396.
  struct Case {
    int n;
    size_t inner, message;
  };
  for (const Case& k : {Case{3, 465, 540}, Case{4, 1218, 1292}, Case{12, 4332, 4396}}) {
    INFO("seed message " << k.n);
    const Message plain = seed::plaintext(k.n);
    Bytes inner;
    REQUIRE(serialize_payloads(plain.payloads, inner).ok());
    REQUIRE(inner.size() == k.inner);
    Direction d({EncrId::kAesCbc, 192, IntegId::kHmacSha1_96});
    Bytes wire;
    REQUIRE(protect(plain.header, plain.payloads[0].type, inner, d.ctx(), wire).ok());
    CHECK(wire.size() == k.message);
    CHECK(wire.size() == seed::sk_sizes(k.inner).message);
    // The same size as the seed's encrypted form (a placeholder body).
    CHECK(wire.size() == seed::serialize_or_throw(seed::encrypted(k.n)).size());
    auto opened = open_message(wire, d.ctx());
    REQUIRE(opened.ok());
    CHECK(Bytes(opened->plaintext.view().begin(), opened->plaintext.view().end()) == inner);
    // The inner chain parses back to the seed's payloads.
    Message back;
    REQUIRE(parse_payloads(opened->plaintext.view(), opened->inner_first, back.arena(), back.payloads).ok());
    CHECK(back.payloads == plain.payloads);
  }
}

TEST_CASE("protect: counter IVs increase and never repeat and CBC IVs are random", "[crypto][protect]") {
  for (const SuiteId& s : {SuiteId{EncrId::kAesCtr, 128, IntegId::kHmacSha1_96},
                           SuiteId{EncrId::kAesGcm16, 256, IntegId::kNone},
                           SuiteId{EncrId::kChacha20Poly1305, 256, IntegId::kNone}}) {
    INFO(describe(s));
    Direction d(s);
    const SkContext ctx = d.ctx();
    std::set<Bytes> seen;
    uint64_t previous = 0;
    for (uint64_t k = 1; k <= 20; ++k) {
      Bytes wire;
      REQUIRE(protect(auth_header(Header::kFlagInitiator, static_cast<uint32_t>(k)), PayloadType::kIdi,
                      pattern(40, 1), ctx, wire)
                  .ok());
      const ByteView iv = ByteView(wire).subspan(Header::kSize + kSkHeader, d.cipher->iv_size());
      REQUIRE(iv.size() == 8);
      uint64_t value = 0;
      for (uint8_t b : iv) value = value << 8 | b;
      CHECK(value == k);  // the counter, big-endian, incremented before use
      CHECK(value > previous);
      previous = value;
      CHECK(seen.insert(Bytes(iv.begin(), iv.end())).second);
      CHECK(d.counter == k);
      CHECK(open_message(wire, ctx).ok());
    }
    // Fragments draw from the same counter.
    Bytes skf;
    REQUIRE(protect(auth_header(), PayloadType::kIdi, pattern(40, 1), ctx, skf, FragmentPosition{1, 3}).ok());
    const ByteView iv = ByteView(skf).subspan(Header::kSize + kSkHeader + kSkfExtra, 8);
    CHECK(seen.insert(Bytes(iv.begin(), iv.end())).second);
    CHECK(d.counter == 21);
  }

  Direction cbc({EncrId::kAesCbc, 128, IntegId::kHmacSha1_96});
  std::set<Bytes> ivs;
  for (int k = 0; k < 20; ++k) {
    Bytes wire;
    REQUIRE(protect(auth_header(), PayloadType::kIdi, pattern(40, 1), cbc.ctx(), wire).ok());
    const ByteView iv = ByteView(wire).subspan(Header::kSize + kSkHeader, 16);
    CHECK(ivs.insert(Bytes(iv.begin(), iv.end())).second);
  }
  CHECK(cbc.counter == 0);  // CBC does not use the counter
}

TEST_CASE("unprotect: a changed byte anywhere is kDataLoss", "[crypto][protect]") {
  for (const SuiteId& s : {SuiteId{EncrId::kAesCbc, 256, IntegId::kHmacSha2_256_128},
                           SuiteId{EncrId::kAesCtr, 128, IntegId::kHmacSha1_96},
                           SuiteId{EncrId::k3des, 192, IntegId::kHmacMd5_96},
                           SuiteId{EncrId::kAesGcm8, 128, IntegId::kNone},
                           SuiteId{EncrId::kAesGcm16, 256, IntegId::kNone},
                           SuiteId{EncrId::kChacha20Poly1305, 256, IntegId::kNone}}) {
    for (bool fragment : {false, true}) {
      INFO(describe(s) << (fragment ? " SKF" : " SK"));
      Direction d(s);
      const SkContext ctx = d.ctx();
      Bytes wire;
      REQUIRE(protect(auth_header(), PayloadType::kIdi, pattern(100, 3), ctx, wire,
                      fragment ? FragmentPosition{1, 2} : FragmentPosition{})
                  .ok());
      REQUIRE(open_message(wire, ctx).ok());
      const size_t body_at = Header::kSize + kSkHeader + (fragment ? kSkfExtra : 0);
      struct Flip {
        const char* what;
        size_t at;
      };
      const Flip flips[] = {
          {"last ICV byte", wire.size() - 1},
          {"first ICV byte", wire.size() - d.icv()},
          {"first ciphertext byte", body_at + d.cipher->iv_size()},
          {"last ciphertext byte", wire.size() - d.icv() - 1},
          {"IV", body_at},
          {"Message ID (header)", 23},
          {"SK Next Payload", 28},
          {"SKF Fragment Number / SK IV", 33},
      };
      for (const Flip& f : flips) {
        INFO(f.what);
        Bytes bad = wire;
        bad[f.at] ^= 0x01;
        auto r = open_message(bad, ctx);
        CHECK(r.status().code() == absl::StatusCode::kDataLoss);
      }
      // The other direction's keys do not open it either.
      Direction other(s);
      CHECK(open_message(wire, other.ctx()).status().code() == absl::StatusCode::kDataLoss);
    }
  }
}

TEST_CASE("unprotect: malformed SK payloads are clean errors", "[crypto][protect]") {
  // Builds a message whose SK body is `body`, as a peer might send it.
  auto message_with_body = [](ByteView body, PayloadType sk = PayloadType::kSk) {
    seed::Builder b(auth_header());
    if (sk == PayloadType::kSk)
      b.add(PayloadType::kSk, SkPayload{PayloadType::kIdi, b.copy(body)});
    else
      b.add(PayloadType::kSkf, SkfPayload{PayloadType::kIdi, 1, 1, b.copy(body)});
    return seed::serialize_or_throw(b.finish());
  };

  SECTION("shorter than IV and ICV") {
    for (const SuiteId& s : {SuiteId{EncrId::kAesCbc, 128, IntegId::kHmacSha1_96},
                             SuiteId{EncrId::kAesGcm16, 128, IntegId::kNone}}) {
      INFO(describe(s));
      Direction d(s);
      for (size_t n : {size_t{0}, size_t{1}, d.cipher->iv_size() + d.icv() - 1, d.cipher->iv_size() + d.icv()}) {
        INFO(n << "-byte body");
        CHECK(open_message(message_with_body(pattern(n, 9)), d.ctx()).status().code() == absl::StatusCode::kInvalidArgument);
        CHECK(open_message(message_with_body(pattern(n, 9), PayloadType::kSkf), d.ctx()).status().code() ==
              absl::StatusCode::kInvalidArgument);
      }
    }
  }

  SECTION("a truncated message (lengths fixed up)") {
    Direction d({EncrId::kAesCbc, 128, IntegId::kHmacSha1_96});
    Bytes wire;
    REQUIRE(protect(auth_header(), PayloadType::kIdi, pattern(64, 1), d.ctx(), wire).ok());
    for (size_t cut : {size_t{1}, size_t{12}, size_t{16}, size_t{17}}) {
      INFO("cut " << cut);
      const ByteView body = ByteView(wire).subspan(Header::kSize + kSkHeader, wire.size() - 32 - cut);
      auto r = open_message(message_with_body(body), d.ctx());
      CHECK_FALSE(r.ok());
      CHECK((r.status().code() == absl::StatusCode::kInvalidArgument ||
             r.status().code() == absl::StatusCode::kDataLoss));
    }
    // And a datagram that ends before its header's Length does not parse.
    Message m;
    CHECK_FALSE(parse_message(ByteView(wire).first(wire.size() - 1), m).ok());
  }

  SECTION("ciphertext not a whole number of blocks") {
    for (const SuiteId& s : {SuiteId{EncrId::kAesCbc, 128, IntegId::kHmacSha1_96},
                             SuiteId{EncrId::k3des, 192, IntegId::kHmacSha1_96}}) {
      INFO(describe(s));
      Direction d(s);
      const size_t block = d.cipher->block_size();
      for (size_t n : {size_t{1}, block - 1, block + 1, 2 * block + 3}) {
        const Bytes body = pattern(d.cipher->iv_size() + n + d.icv(), 5);
        auto r = open_message(message_with_body(body), d.ctx());
        CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
      }
    }
  }

  SECTION("Pad Length larger than the plaintext, with a valid ICV / tag") {
    struct Case {
      SuiteId suite;
      size_t encrypted;
      uint8_t pad_length;
      bool ok;
    };
    const Case cases[] = {
        {{EncrId::kAesCbc, 128, IntegId::kHmacSha1_96}, 16, 0xff, false},
        {{EncrId::kAesCbc, 128, IntegId::kHmacSha1_96}, 16, 16, false},
        {{EncrId::kAesCbc, 128, IntegId::kHmacSha1_96}, 16, 15, true},  // all padding: no inner payloads
        {{EncrId::kAesCbc, 256, IntegId::kHmacSha2_256_128}, 32, 32, false},
        {{EncrId::k3des, 192, IntegId::kHmacSha1_96}, 8, 8, false},
        {{EncrId::kAesCtr, 128, IntegId::kHmacSha1_96}, 5, 5, false},
        {{EncrId::kAesGcm16, 128, IntegId::kNone}, 5, 5, false},
        {{EncrId::kAesGcm16, 128, IntegId::kNone}, 5, 4, true},
        {{EncrId::kChacha20Poly1305, 256, IntegId::kNone}, 3, 200, false},
    };
    for (const Case& k : cases) {
      INFO(describe(k.suite) << ", " << k.encrypted << " bytes with Pad Length " << int{k.pad_length});
      Direction d(k.suite);
      const Cipher& c = *d.cipher;
      // Encrypt the crafted plaintext with the cipher itself and assemble the
      // message around it with a correct ICV / tag.
      Bytes plain = pattern(k.encrypted, 0x30);
      plain.back() = k.pad_length;
      const Header h = auth_header();
      Bytes wire;
      ByteWriter w(wire);
      w.put_u64(h.spi_i);
      w.put_u64(h.spi_r);
      w.put_u8(static_cast<uint8_t>(PayloadType::kSk));
      w.put_u8(0x20);
      w.put_u8(static_cast<uint8_t>(h.exchange));
      w.put_u8(h.flags);
      w.put_u32(h.message_id);
      const size_t payload = kSkHeader + c.iv_size() + k.encrypted + d.icv();
      w.put_u32(static_cast<uint32_t>(Header::kSize + payload));
      w.put_u8(static_cast<uint8_t>(PayloadType::kIdi));
      w.put_u8(0);
      w.put_u16(static_cast<uint16_t>(payload));
      const size_t aad_end = wire.size();
      Bytes iv(c.iv_size());
      provider().random(absl::MakeSpan(iv));
      w.put_bytes(iv);
      const size_t ct_at = wire.size();
      wire.resize(ct_at + k.encrypted + (c.aead() ? d.icv() : 0));
      const Bytes aad(wire.begin(), wire.begin() + static_cast<long>(aad_end));
      REQUIRE(c.encrypt(d.encr_key, iv, c.aead() ? ByteView(aad) : ByteView(), plain,
                        absl::MakeSpan(wire).subspan(ct_at))
                  .ok());
      if (!c.aead()) {
        Bytes icv(d.icv());
        const ByteView covered[] = {wire};
        REQUIRE(d.integrity->compute(d.integ_key, covered, absl::MakeSpan(icv)).ok());
        wire.insert(wire.end(), icv.begin(), icv.end());
      }
      REQUIRE(wire.size() == Header::kSize + payload);
      auto r = open_message(wire, d.ctx());
      if (k.ok) {
        REQUIRE(r.ok());
        CHECK(r->plaintext.size() == k.encrypted - 1 - k.pad_length);
      } else {
        CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
      }
    }
  }

  SECTION("the last payload is not SK or SKF") {
    Direction d({EncrId::kAesCbc, 128, IntegId::kHmacSha1_96});
    seed::Builder b(auth_header());
    b.add(PayloadType::kNonce, NoncePayload{b.copy(pattern(32, 1))});
    const Bytes wire = seed::serialize_or_throw(b.finish());
    CHECK(open_message(wire, d.ctx()).status().code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("protect/unprotect: wrong key sizes and missing pieces are clean errors", "[crypto][protect]") {
  const Bytes inner = pattern(50, 2);
  for (const SuiteId& s : {SuiteId{EncrId::kAesCbc, 128, IntegId::kHmacSha1_96},
                           SuiteId{EncrId::kAesCtr, 256, IntegId::kHmacSha2_512_256},
                           SuiteId{EncrId::kAesGcm12, 192, IntegId::kNone},
                           SuiteId{EncrId::kChacha20Poly1305, 256, IntegId::kNone},
                           SuiteId{EncrId::k3des, 192, IntegId::kHmacMd5_96}}) {
    INFO(describe(s));
    Direction d(s);
    Bytes good;
    REQUIRE(protect(auth_header(), PayloadType::kIdi, inner, d.ctx(), good).ok());

    auto expect_error = [&](const SkContext& ctx, const char* what) {
      INFO(what);
      Bytes out;
      absl::Status st = protect(auth_header(), PayloadType::kIdi, inner, ctx, out);
      CHECK(st.code() == absl::StatusCode::kInvalidArgument);
      CHECK(out.empty());  // nothing half-built is handed back
      CHECK(open_message(good, ctx).status().code() == absl::StatusCode::kInvalidArgument);
    };
    SkContext c = d.ctx();
    const Bytes longer_encr = Bytes(d.encr_key.size() + 1, 1);
    c.encr_key = ByteView(d.encr_key).first(d.encr_key.size() - 1);
    expect_error(c, "encryption key one byte short");
    c = d.ctx();
    c.encr_key = longer_encr;
    expect_error(c, "encryption key one byte long");
    c = d.ctx();
    c.cipher = nullptr;
    expect_error(c, "no cipher");
    if (d.integrity) {
      c = d.ctx();
      c.integ_key = ByteView(d.integ_key).first(d.integ_key.size() - 1);
      expect_error(c, "integrity key one byte short");
      c = d.ctx();
      c.integrity = nullptr;
      c.integ_key = {};
      expect_error(c, "no integrity with a non-AEAD cipher");
    } else {
      c = d.ctx();
      c.integ_key = ByteView(d.encr_key).first(4);
      // An AEAD context has no integrity object, so its integrity key is
      // not used; the AEAD itself still works.
      Bytes out;
      CHECK(protect(auth_header(), PayloadType::kIdi, inner, c, out).ok());
    }
  }

  SECTION("a payload over 64 KiB") {
    Direction d({EncrId::kAesCbc, 128, IntegId::kHmacSha1_96});
    Bytes out;
    CHECK(protect(auth_header(), PayloadType::kIdi, Bytes(0xffff, 0), d.ctx(), out).code() ==
          absl::StatusCode::kInvalidArgument);
    CHECK(out.empty());
  }
}

TEST_CASE("protect: a missing IV source is an error and leaves `out` empty", "[crypto][protect]") {
  // A counter-mode cipher without a counter, a CBC cipher without a random
  // source: refused, and no half-built message (header and IV) handed back.
  const Bytes inner = pattern(50, 2);
  Direction ctr({EncrId::kAesCtr, 128, IntegId::kHmacSha1_96});
  SkContext c = ctr.ctx();
  c.iv_counter = nullptr;
  Bytes out;
  CHECK(protect(auth_header(), PayloadType::kIdi, inner, c, out).code() == absl::StatusCode::kInvalidArgument);
  CHECK(out.empty());
  Direction cbc({EncrId::kAesCbc, 128, IntegId::kHmacSha1_96});
  c = cbc.ctx();
  c.random = nullptr;
  out.clear();
  CHECK(protect(auth_header(), PayloadType::kIdi, inner, c, out).code() == absl::StatusCode::kInvalidArgument);
  CHECK(out.empty());
}
