// MS-CHAPv2 (RFC 2759) and its MPPE / EAP-MSCHAPv2 keys (RFC 3079) against
// the RFCs' examples (tests/vectors/crypto/rfc2759-mschapv2.txt and
// rfc3079-mppe-keys.txt; each names its source), on the BoringSSL provider,
// plus the two primitives MS-CHAPv2 added to the provider (MD4, single-block
// DES) and the error cases.
//
// Vector file format: see vector_file.h.
#include "ikecore/crypto/mschapv2.h"

#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ikecore/base/bytes.h"
#include "ikecore/crypto/boringssl.h"
#include "vector_file.h"

using namespace ikecore;
namespace ms = ikecore::mschapv2;

namespace {

using test::read_vectors;
using test::Vector;

const Vector& by_name(const std::vector<Vector>& vectors, const std::string& name) {
  for (const Vector& v : vectors) {
    if (v.raw("name") == name) return v;
  }
  FAIL("no vector named " << name);
  return vectors.front();
}

std::string hex(ByteView v) { return to_hex(v); }
std::string hex(const SecretBytes& v) { return to_hex(v.view()); }

Bytes unhex(const std::string& text) {
  Bytes out;
  REQUIRE(from_hex(text, out));
  return out;
}

bool invalid(const absl::Status& s) { return s.code() == absl::StatusCode::kInvalidArgument; }

}  // namespace

// ---------------------------------------------------------------------------
// The provider's two MS-CHAPv2 primitives.

TEST_CASE("provider MD4 matches RFC 1320", "[crypto][vectors][mschapv2]") {
  // RFC 1320, "The MD4 Message-Digest Algorithm", R. Rivest, April 1992,
  // Appendix A.5 (Test suite), the first five messages.
  const std::pair<const char*, const char*> cases[] = {
      {"", "31d6cfe0d16ae931b73c59d7e0c089c0"},
      {"a", "bde52cb31de33e46245e05fbdbd6fb24"},
      {"abc", "a448017aaf21d8525fc10ae87aa6729d"},
      {"message digest", "d9130a8164549fe818874806e1c7014b"},
      {"abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9"},
  };
  BoringSslProvider provider;
  for (const auto& [message, expected] : cases) {
    INFO("MD4(\"" << message << "\")");
    const ByteView m = as_bytes(message);
    const ByteView whole[] = {m};
    auto digest = provider.hash(HashAlgorithm::kMd4, whole);
    REQUIRE(digest.ok());
    CHECK(hex(*digest) == expected);
    if (m.size() > 1) {
      const ByteView pieces[] = {m.first(1), ByteView(), m.subspan(1)};
      auto split = provider.hash(HashAlgorithm::kMd4, pieces);
      REQUIRE(split.ok());
      CHECK(hex(*split) == expected);
    }
  }
}

TEST_CASE("provider single-block DES-ECB matches FIPS 81 and ignores parity", "[crypto][vectors][mschapv2]") {
  // FIPS PUB 81, "DES Modes of Operation", Appendix B, Table B1 (ECB):
  // key 0123456789abcdef, plaintext "Now is t".
  BoringSslProvider provider;
  const Bytes key = unhex("0123456789abcdef");
  const Bytes block = unhex("4e6f772069732074");
  Bytes out(8, 0xee);
  REQUIRE(provider.des_ecb_encrypt_block(key, block, absl::MakeSpan(out)).ok());
  CHECK(hex(out) == "3fa40e8a984d4815");

  // The low bit of each key octet is parity; DES ignores it.
  Bytes flipped = key;
  for (uint8_t& octet : flipped) octet ^= 1;
  Bytes out2(8, 0xee);
  REQUIRE(provider.des_ecb_encrypt_block(flipped, block, absl::MakeSpan(out2)).ok());
  CHECK(out2 == out);
}

TEST_CASE("provider single-block DES-ECB rejects wrong sizes without touching out", "[crypto][mschapv2][errors]") {
  BoringSslProvider provider;
  const Bytes eight(8, 0x11), seven(7, 0x11), nine(9, 0x11);
  Bytes out(8, 0xee);
  Bytes short_out(7, 0xee);
  CHECK(invalid(provider.des_ecb_encrypt_block(seven, eight, absl::MakeSpan(out))));
  CHECK(invalid(provider.des_ecb_encrypt_block(nine, eight, absl::MakeSpan(out))));
  CHECK(invalid(provider.des_ecb_encrypt_block(eight, seven, absl::MakeSpan(out))));
  CHECK(invalid(provider.des_ecb_encrypt_block(eight, nine, absl::MakeSpan(out))));
  CHECK(invalid(provider.des_ecb_encrypt_block(eight, eight, absl::MakeSpan(short_out))));
  CHECK(out == Bytes(8, 0xee));
  CHECK(short_out == Bytes(7, 0xee));
}

// ---------------------------------------------------------------------------
// RFC 2759.

TEST_CASE("MS-CHAPv2 matches the RFC 2759 9.2 hash example step by step", "[crypto][vectors][mschapv2]") {
  auto vectors = read_vectors("rfc2759-mschapv2.txt");
  REQUIRE(vectors.size() == 3);
  const Vector& v = by_name(vectors, "RFC 2759 9.2 Hash Example");
  INFO(v.where());
  BoringSslProvider provider;
  const std::string user = v.text("user_name");
  const std::string password = v.text("password");
  const Bytes auth_challenge = v.bytes("authenticator_challenge");
  const Bytes peer_challenge = v.bytes("peer_challenge");
  CHECK(hex(as_bytes(user)) == hex(v.bytes("user_name_hex")));

  auto unicode = ms::password_to_utf16le(password);
  REQUIRE(unicode.ok());
  CHECK(hex(*unicode) == hex(v.bytes("password_utf16le")));

  auto challenge = ms::ChallengeHash(provider, peer_challenge, auth_challenge, user);
  REQUIRE(challenge.ok());
  CHECK(hex(*challenge) == hex(v.bytes("challenge")));

  auto password_hash = ms::NtPasswordHash(provider, password);
  REQUIRE(password_hash.ok());
  CHECK(hex(*password_hash) == hex(v.bytes("password_hash")));

  auto response = ms::ChallengeResponse(provider, *challenge, password_hash->view());
  REQUIRE(response.ok());
  CHECK(hex(*response) == hex(v.bytes("nt_response")));

  auto nt_response = ms::GenerateNTResponse(provider, auth_challenge, peer_challenge, user, password);
  REQUIRE(nt_response.ok());
  CHECK(hex(*nt_response) == hex(v.bytes("nt_response")));
  auto from_hash =
      ms::GenerateNTResponseFromHash(provider, auth_challenge, peer_challenge, user, v.bytes("password_hash"));
  REQUIRE(from_hash.ok());
  CHECK(hex(*from_hash) == hex(v.bytes("nt_response")));

  auto hash_hash = ms::HashNtPasswordHash(provider, password_hash->view());
  REQUIRE(hash_hash.ok());
  CHECK(hex(*hash_hash) == hex(v.bytes("password_hash_hash")));

  auto auth_response =
      ms::GenerateAuthenticatorResponse(provider, password, *nt_response, peer_challenge, auth_challenge, user);
  REQUIRE(auth_response.ok());
  CHECK(*auth_response == v.text("authenticator_response"));
  CHECK(auth_response->size() == ms::kAuthenticatorResponseSize);
  auto auth_from_hash = ms::GenerateAuthenticatorResponseFromHash(provider, v.bytes("password_hash"), *nt_response,
                                                                   peer_challenge, auth_challenge, user);
  REQUIRE(auth_from_hash.ok());
  CHECK(*auth_from_hash == v.text("authenticator_response"));

  CHECK(ms::CheckAuthenticatorResponse(provider, password, *nt_response, peer_challenge, auth_challenge, user,
                                       v.text("authenticator_response"))
            .ok());
  // Lower-case hex digits decode to the same response.
  std::string lower = v.text("authenticator_response");
  for (size_t i = 2; i < lower.size(); ++i) {
    if (lower[i] >= 'A' && lower[i] <= 'F') lower[i] = static_cast<char>(lower[i] - 'A' + 'a');
  }
  CHECK(ms::CheckAuthenticatorResponse(provider, password, *nt_response, peer_challenge, auth_challenge, user, lower)
            .ok());
}

TEST_CASE("MS-CHAPv2 DES keys match RFC 2759 9.3", "[crypto][vectors][mschapv2]") {
  auto vectors = read_vectors("rfc2759-mschapv2.txt");
  const Vector& v = by_name(vectors, "RFC 2759 9.3 Example of DES Key Generation");
  INFO(v.where());
  BoringSslProvider provider;
  auto password_hash = ms::NtPasswordHash(provider, v.text("password"));
  REQUIRE(password_hash.ok());
  CHECK(hex(*password_hash) == hex(v.bytes("password_hash")));
  CHECK(hex(password_hash->view().first(7)) == hex(v.bytes("des_key_1_raw")));
  CHECK(hex(password_hash->view().subspan(7, 7)) == hex(v.bytes("des_key_2_raw")));
  auto key1 = ms::ExpandDesKey(v.bytes("des_key_1_raw"));
  REQUIRE(key1.ok());
  CHECK(hex(*key1) == hex(v.bytes("des_key_1")));
  auto key2 = ms::ExpandDesKey(v.bytes("des_key_2_raw"));
  REQUIRE(key2.ok());
  CHECK(hex(*key2) == hex(v.bytes("des_key_2")));
  // Every expanded octet has odd parity.
  for (const SecretBytes* key : {&*key1, &*key2}) {
    for (uint8_t octet : key->view()) {
      int ones = 0;
      for (int bit = 0; bit < 8; ++bit) ones += (octet >> bit) & 1;
      CHECK(ones % 2 == 1);
    }
  }
}

TEST_CASE("MS-CHAPv2 ChallengeResponse matches RFC 2433 B.2", "[crypto][vectors][mschapv2]") {
  auto vectors = read_vectors("rfc2759-mschapv2.txt");
  const Vector& v = by_name(vectors, "RFC 2433 B.2 Hash Example");
  INFO(v.where());
  BoringSslProvider provider;
  auto unicode = ms::password_to_utf16le(v.text("password"));
  REQUIRE(unicode.ok());
  CHECK(hex(*unicode) == hex(v.bytes("password_utf16le")));
  auto password_hash = ms::NtPasswordHash(provider, v.text("password"));
  REQUIRE(password_hash.ok());
  CHECK(hex(*password_hash) == hex(v.bytes("password_hash")));
  auto response = ms::ChallengeResponse(provider, v.bytes("challenge"), password_hash->view());
  REQUIRE(response.ok());
  CHECK(hex(*response) == hex(v.bytes("nt_response")));
  // DesEncrypt is each third of it.
  auto first = ms::DesEncrypt(provider, v.bytes("challenge"), password_hash->view().first(7));
  REQUIRE(first.ok());
  CHECK(hex(*first) == hex(ByteView(v.bytes("nt_response")).first(8)));
}

TEST_CASE("MS-CHAPv2 authenticator response fails for a wrong password, name or response",
          "[crypto][vectors][mschapv2]") {
  auto vectors = read_vectors("rfc2759-mschapv2.txt");
  const Vector& v = by_name(vectors, "RFC 2759 9.2 Hash Example");
  BoringSslProvider provider;
  const std::string user = v.text("user_name");
  const Bytes auth_challenge = v.bytes("authenticator_challenge");
  const Bytes peer_challenge = v.bytes("peer_challenge");
  const Bytes nt_response = v.bytes("nt_response");
  const std::string good = v.text("authenticator_response");

  auto check = [&](const std::string& password, const std::string& name, ByteView nt, const std::string& response) {
    return ms::CheckAuthenticatorResponse(provider, password, nt, peer_challenge, auth_challenge, name, response);
  };
  CHECK(check("clientPass", user, nt_response, good).ok());
  CHECK(check("clientpass", user, nt_response, good).code() == absl::StatusCode::kUnauthenticated);
  CHECK(check("", user, nt_response, good).code() == absl::StatusCode::kUnauthenticated);
  CHECK(check("clientPass", "user", nt_response, good).code() == absl::StatusCode::kUnauthenticated);
  Bytes other_nt = nt_response;
  other_nt[23] ^= 1;
  CHECK(check("clientPass", user, other_nt, good).code() == absl::StatusCode::kUnauthenticated);
  std::string tampered = good;
  tampered.back() = tampered.back() == '6' ? '7' : '6';
  CHECK(check("clientPass", user, nt_response, tampered).code() == absl::StatusCode::kUnauthenticated);

  // A wrong password yields a different NT-Response too (what the server checks).
  auto wrong = ms::GenerateNTResponse(provider, auth_challenge, peer_challenge, user, "clientPasS");
  REQUIRE(wrong.ok());
  CHECK(hex(*wrong) != hex(nt_response));
}

// ---------------------------------------------------------------------------
// RFC 3079 and the EAP-MSCHAPv2 MSK.

TEST_CASE("MPPE keys match RFC 3079 3.5.3", "[crypto][vectors][mschapv2]") {
  auto vectors = read_vectors("rfc3079-mppe-keys.txt");
  REQUIRE(vectors.size() == 2);
  const Vector& v = by_name(vectors, "RFC 3079 3.5.3 128-bit key");
  INFO(v.where());
  BoringSslProvider provider;

  // The chain from the credentials: the same inputs as RFC 2759 9.2.
  auto nt_response = ms::GenerateNTResponse(provider, v.bytes("authenticator_challenge"), v.bytes("peer_challenge"),
                                            v.text("user_name"), v.text("password"));
  REQUIRE(nt_response.ok());
  CHECK(hex(*nt_response) == hex(v.bytes("nt_response")));
  auto password_hash = ms::NtPasswordHash(provider, v.text("password"));
  REQUIRE(password_hash.ok());
  CHECK(hex(*password_hash) == hex(v.bytes("password_hash")));
  auto hash_hash = ms::HashNtPasswordHash(provider, password_hash->view());
  REQUIRE(hash_hash.ok());
  CHECK(hex(*hash_hash) == hex(v.bytes("password_hash_hash")));

  auto master = ms::GetMasterKey(provider, hash_hash->view(), *nt_response);
  REQUIRE(master.ok());
  CHECK(hex(*master) == hex(v.bytes("master_key")));

  // SendStartKey128 = GetAsymmetricStartKey(MasterKey, 16, IsSend, IsServer).
  auto server_send =
      ms::GetAsymmetricStartKey(provider, master->view(), 16, ms::KeyDirection::kSend, ms::Side::kServer);
  REQUIRE(server_send.ok());
  CHECK(hex(*server_send) == hex(v.bytes("send_start_key_128")));
  // The client receives with the server's send key, and sends with its
  // receive key; the two directions differ.
  auto client_receive =
      ms::GetAsymmetricStartKey(provider, master->view(), 16, ms::KeyDirection::kReceive, ms::Side::kClient);
  REQUIRE(client_receive.ok());
  CHECK(hex(*client_receive) == hex(*server_send));
  auto client_send =
      ms::GetAsymmetricStartKey(provider, master->view(), 16, ms::KeyDirection::kSend, ms::Side::kClient);
  auto server_receive =
      ms::GetAsymmetricStartKey(provider, master->view(), 16, ms::KeyDirection::kReceive, ms::Side::kServer);
  REQUIRE(client_send.ok());
  REQUIRE(server_receive.ok());
  CHECK(hex(*client_send) == hex(*server_receive));
  CHECK(hex(*client_send) != hex(*server_send));

  // 40/56-bit MPPE takes the first 8 octets of the same digest.
  auto short_key =
      ms::GetAsymmetricStartKey(provider, master->view(), 8, ms::KeyDirection::kSend, ms::Side::kServer);
  REQUIRE(short_key.ok());
  CHECK(hex(*short_key) == hex(ByteView(v.bytes("send_start_key_128")).first(8)));
}

TEST_CASE("EAP-MSCHAPv2 MSK is MasterReceiveKey | MasterSendKey | 32 zero octets", "[crypto][vectors][mschapv2]") {
  auto vectors = read_vectors("rfc3079-mppe-keys.txt");
  const Vector& rfc = by_name(vectors, "RFC 3079 3.5.3 128-bit key");
  const Vector& v = by_name(vectors, "EAP-MSCHAPv2 MSK from the RFC 3079 3.5.3 inputs (derived)");
  INFO(v.where());
  BoringSslProvider provider;
  auto key = ms::msk(provider, v.bytes("password_hash"), v.bytes("nt_response"));
  REQUIRE(key.ok());
  REQUIRE(key->size() == ms::kMskSize);
  CHECK(hex(*key) == hex(v.bytes("msk")));
  CHECK(hex(key->view().first(16)) == hex(v.bytes("receive_start_key_128")));
  CHECK(hex(key->view().subspan(16, 16)) == hex(rfc.bytes("send_start_key_128")));
  CHECK(hex(key->view().subspan(32)) == hex(Bytes(32, 0)));

  auto master = ms::GetMasterKey(provider, rfc.bytes("password_hash_hash"), rfc.bytes("nt_response"));
  REQUIRE(master.ok());
  auto server_receive =
      ms::GetAsymmetricStartKey(provider, master->view(), 16, ms::KeyDirection::kReceive, ms::Side::kServer);
  REQUIRE(server_receive.ok());
  CHECK(hex(*server_receive) == hex(v.bytes("receive_start_key_128")));
}

// ---------------------------------------------------------------------------
// Text.

TEST_CASE("MS-CHAPv2 passwords are UTF-8 turned into UTF-16LE", "[crypto][mschapv2]") {
  auto utf16 = [](const std::string& s) {
    auto out = ms::password_to_utf16le(s);
    REQUIRE(out.ok());
    return hex(*out);
  };
  CHECK(utf16("") == "");
  CHECK(utf16("A") == "4100");
  CHECK(utf16("\xc3\xa9") == "e900");                // U+00E9
  CHECK(utf16("\xe2\x82\xac") == "ac20");            // U+20AC
  CHECK(utf16("\xef\xbf\xbd") == "fdff");            // U+FFFD, the last 3-octet range
  CHECK(utf16("\xf0\x9f\x98\x80") == "3dd800de");    // U+1F600 -> D83D DE00
  CHECK(utf16("\xf4\x8f\xbf\xbf") == "ffdbffdf");    // U+10FFFF -> DBFF DFFF
  CHECK(utf16("a\xc3\xa9z") == "6100e9007a00");

  const char* bad[] = {
      "\x80",                  // continuation without a lead
      "\xc3",                  // truncated
      "\xe2\x82",              // truncated
      "a\xf0\x9f\x98",         // truncated at the end
      "\xc3\x28",              // bad continuation
      "\xc0\xaf",              // overlong '/'
      "\xc1\xbf",              // overlong
      "\xe0\x80\xaf",          // overlong, 3 octets
      "\xf0\x80\x80\xaf",      // overlong, 4 octets
      "\xed\xa0\x80",          // U+D800, a surrogate
      "\xed\xbf\xbf",          // U+DFFF
      "\xf4\x90\x80\x80",      // U+110000
      "\xf5\x80\x80\x80",      // beyond
      "\xff",
  };
  for (const char* s : bad) {
    INFO("password octets " << hex(as_bytes(s)));
    CHECK(invalid(ms::password_to_utf16le(s).status()));
  }
  // Bytes after a NUL count too (string_view, not C string).
  CHECK(invalid(ms::password_to_utf16le(std::string("a\0\x80", 3)).status()));

  // At most 256 UTF-16 code units.
  CHECK(ms::password_to_utf16le(std::string(256, 'a')).ok());
  CHECK(invalid(ms::password_to_utf16le(std::string(257, 'a')).status()));
  std::string emoji;
  for (int i = 0; i < 128; ++i) emoji += "\xf0\x9f\x98\x80";
  CHECK(ms::password_to_utf16le(emoji).ok());  // 256 units
  CHECK(invalid(ms::password_to_utf16le(emoji + "a").status()));
  std::string euro;
  for (int i = 0; i < 257; ++i) euro += "\xe2\x82\xac";
  CHECK(invalid(ms::password_to_utf16le(euro).status()));
  CHECK(invalid(ms::password_to_utf16le(std::string(5000, 'a')).status()));

  // The NT hash of the empty password is MD4("") (RFC 1320 A.5).
  BoringSslProvider provider;
  auto empty = ms::NtPasswordHash(provider, "");
  REQUIRE(empty.ok());
  CHECK(hex(*empty) == "31d6cfe0d16ae931b73c59d7e0c089c0");
  CHECK(invalid(ms::NtPasswordHash(provider, "\xc3").status()));
}

TEST_CASE("MS-CHAPv2 user names lose a Windows domain", "[crypto][mschapv2]") {
  CHECK(ms::user_name_without_domain("User") == "User");
  CHECK(ms::user_name_without_domain("BIGCO\\johndoe") == "johndoe");
  CHECK(ms::user_name_without_domain("\\x") == "x");
  CHECK(ms::user_name_without_domain("a\\b\\c") == "b\\c");
  CHECK(ms::user_name_without_domain("") == "");
}

// ---------------------------------------------------------------------------
// Errors.

TEST_CASE("MS-CHAPv2 rejects malformed sizes with kInvalidArgument", "[crypto][mschapv2][errors]") {
  BoringSslProvider provider;
  const Bytes c16(16, 1), c15(15, 1), c17(17, 1), h16(16, 2), h15(15, 2), nt24(24, 3), nt23(23, 3), e8(8, 4),
      e9(9, 4), k7(7, 5), k6(6, 5), k8(8, 5);
  const std::string long_name(257, 'u');
  const std::string name_256(256, 'u');
  const std::string good_response = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

  // ChallengeHash
  CHECK(invalid(ms::ChallengeHash(provider, c15, c16, "u").status()));
  CHECK(invalid(ms::ChallengeHash(provider, c16, c17, "u").status()));
  CHECK(invalid(ms::ChallengeHash(provider, c16, c16, long_name).status()));
  CHECK(ms::ChallengeHash(provider, c16, c16, name_256).ok());
  CHECK(ms::ChallengeHash(provider, c16, c16, "").ok());
  // HashNtPasswordHash
  CHECK(invalid(ms::HashNtPasswordHash(provider, h15).status()));
  CHECK(invalid(ms::HashNtPasswordHash(provider, ByteView()).status()));
  // ExpandDesKey, DesEncrypt, ChallengeResponse
  CHECK(invalid(ms::ExpandDesKey(k6).status()));
  CHECK(invalid(ms::ExpandDesKey(k8).status()));
  CHECK(invalid(ms::DesEncrypt(provider, e9, k7).status()));
  CHECK(invalid(ms::DesEncrypt(provider, e8, k8).status()));
  CHECK(invalid(ms::ChallengeResponse(provider, e9, h16).status()));
  CHECK(invalid(ms::ChallengeResponse(provider, e8, h15).status()));
  CHECK(ms::ChallengeResponse(provider, e8, h16).ok());
  // GenerateNTResponse
  CHECK(invalid(ms::GenerateNTResponse(provider, c15, c16, "u", "p").status()));
  CHECK(invalid(ms::GenerateNTResponse(provider, c16, c17, "u", "p").status()));
  CHECK(invalid(ms::GenerateNTResponse(provider, c16, c16, long_name, "p").status()));
  CHECK(invalid(ms::GenerateNTResponse(provider, c16, c16, "u", "\xff").status()));
  CHECK(invalid(ms::GenerateNTResponseFromHash(provider, c16, c16, "u", h15).status()));
  // GenerateAuthenticatorResponse
  CHECK(invalid(ms::GenerateAuthenticatorResponse(provider, "p", nt23, c16, c16, "u").status()));
  CHECK(invalid(ms::GenerateAuthenticatorResponse(provider, "p", nt24, c15, c16, "u").status()));
  CHECK(invalid(ms::GenerateAuthenticatorResponse(provider, "p", nt24, c16, c17, "u").status()));
  CHECK(invalid(ms::GenerateAuthenticatorResponse(provider, "\xc3", nt24, c16, c16, "u").status()));
  CHECK(invalid(ms::GenerateAuthenticatorResponseFromHash(provider, h15, nt24, c16, c16, "u").status()));
  CHECK(invalid(ms::GenerateAuthenticatorResponseFromHash(provider, h16, nt23, c16, c16, "u").status()));
  // CheckAuthenticatorResponse: the response's form, then the sizes.
  const std::string malformed[] = {
      "",
      "S=",
      good_response.substr(0, 41),
      good_response + "0",
      "s=407A5589115FD0D6209F510FE9C04566932CDA56",
      "X=407A5589115FD0D6209F510FE9C04566932CDA56",
      "S=407A5589115FD0D6209F510FE9C04566932CDAG",
      "S= 07A5589115FD0D6209F510FE9C04566932CDA56",
      good_response + " M=Welcome",  // the Success message's M= part is not the response
  };
  for (const std::string& response : malformed) {
    INFO("response \"" << response << "\"");
    CHECK(invalid(ms::CheckAuthenticatorResponse(provider, "p", nt24, c16, c16, "u", response)));
  }
  CHECK(invalid(ms::CheckAuthenticatorResponse(provider, "p", nt23, c16, c16, "u", good_response)));
  CHECK(invalid(ms::CheckAuthenticatorResponse(provider, "p", nt24, c15, c16, "u", good_response)));
  CHECK(invalid(ms::CheckAuthenticatorResponse(provider, "p", nt24, c16, c16, long_name, good_response)));
  CHECK(invalid(ms::CheckAuthenticatorResponse(provider, "\x80", nt24, c16, c16, "u", good_response)));
  // RFC 3079
  CHECK(invalid(ms::GetMasterKey(provider, h15, nt24).status()));
  CHECK(invalid(ms::GetMasterKey(provider, h16, nt23).status()));
  CHECK(invalid(
      ms::GetAsymmetricStartKey(provider, h15, 16, ms::KeyDirection::kSend, ms::Side::kServer).status()));
  for (size_t length : {size_t{0}, size_t{7}, size_t{17}, size_t{20}}) {
    INFO("key length " << length);
    CHECK(invalid(
        ms::GetAsymmetricStartKey(provider, h16, length, ms::KeyDirection::kSend, ms::Side::kServer).status()));
  }
  for (size_t length = 8; length <= 16; ++length) {
    auto key = ms::GetAsymmetricStartKey(provider, h16, length, ms::KeyDirection::kReceive, ms::Side::kClient);
    REQUIRE(key.ok());
    CHECK(key->size() == length);
  }
  CHECK(invalid(ms::msk(provider, h15, nt24).status()));
  CHECK(invalid(ms::msk(provider, h16, nt23).status()));
  CHECK(invalid(ms::msk(provider, ByteView(), ByteView()).status()));
}
