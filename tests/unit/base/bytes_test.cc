#include "ikecore/base/bytes.h"

#include <catch2/catch.hpp>

using namespace ikecore;

TEST_CASE("ByteReader reads big-endian and refuses to run past the end") {
  const uint8_t data[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
  ByteReader r{ByteView(data)};
  uint16_t v16 = 0;
  REQUIRE(r.read_u16(v16));
  CHECK(v16 == 0x0102);
  uint32_t v32 = 0;
  REQUIRE(r.read_u32(v32));
  CHECK(v32 == 0x03040506);
  CHECK(r.remaining() == 1);
  CHECK_FALSE(r.read_u16(v16));  // one byte left: the read fails...
  CHECK(r.offset() == 6);         // ...and consumes nothing
  ByteView out;
  CHECK_FALSE(r.read_bytes(2, out));
  CHECK_FALSE(r.skip(2));
  uint8_t v8 = 0;
  REQUIRE(r.read_u8(v8));
  CHECK(v8 == 0x07);
  CHECK(r.empty());
  CHECK_FALSE(r.read_u8(v8));
}

TEST_CASE("ByteReader::peek does not overflow on huge offsets") {
  const uint8_t data[] = {0xaa, 0xbb};
  ByteReader r{ByteView(data)};
  uint16_t v = 0;
  CHECK(r.peek_u16(0, v));
  CHECK(v == 0xaabb);
  CHECK_FALSE(r.peek_u16(1, v));
  CHECK_FALSE(r.peek_u16(SIZE_MAX, v));
  uint8_t b = 0;
  CHECK_FALSE(r.peek_u8(SIZE_MAX, b));
}

TEST_CASE("ByteWriter writes big-endian and patches lengths") {
  Bytes out;
  ByteWriter w(out);
  w.put_u8(0x01);
  w.put_u16(0);
  w.put_u32(0x0a0b0c0d);
  w.put_u64(0x1122334455667788ULL);
  w.patch_u16(1, 0xbeef);
  CHECK(to_hex(out) == "01beef0a0b0c0d1122334455667788");
}

TEST_CASE("from_hex accepts separators and prefixes, refuses junk") {
  Bytes out;
  REQUIRE(from_hex("0x58 af:F7\n11", out));
  CHECK(to_hex(out) == "58aff711");
  REQUIRE(from_hex("# a comment: zz\n01 02 # trailing\n03", out));
  CHECK(to_hex(out) == "010203");
  CHECK_FALSE(from_hex("abc", out));  // odd digit count
  CHECK_FALSE(from_hex("zz", out));
}

TEST_CASE("SecretBytes wipes on clear and move") {
  const uint8_t key[] = {1, 2, 3};
  SecretBytes s{ByteView(key)};
  SecretBytes t = std::move(s);
  CHECK(s.empty());
  CHECK(t.size() == 3);
  t.clear();
  CHECK(t.empty());
}
