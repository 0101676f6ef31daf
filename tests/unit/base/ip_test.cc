// IP addresses and ranges as values (RFC 4291 §2.2 text in, RFC 5952 text
// out; CIDR prefixes as in RFC 4632 §3.1).
#include <catch2/catch.hpp>

#include "absl/container/flat_hash_map.h"
#include "ikecore/base/ip.h"

using namespace ikecore;

namespace {

IpAddress ip(const std::string& text) {
  std::optional<IpAddress> a = IpAddress::parse(text);
  REQUIRE(a);
  return *a;
}

IpRange range(const std::string& text) {
  std::optional<IpRange> r = IpRange::parse(text);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("IpAddress parses IPv4 and IPv6 text", "[ip]") {
  IpAddress a = ip("10.2.2.1");
  CHECK_FALSE(a.ipv6);
  CHECK(a.size() == 4);
  CHECK(a.view() == ByteView(std::array<uint8_t, 4>{10, 2, 2, 1}));

  IpAddress b = ip("2001:db8::1");
  CHECK(b.ipv6);
  CHECK(b.size() == 16);
  CHECK(b.bytes[0] == 0x20);
  CHECK(b.bytes[1] == 0x01);
  CHECK(b.bytes[2] == 0x0d);
  CHECK(b.bytes[3] == 0xb8);
  CHECK(b.bytes[15] == 1);

  for (const char* bad : {"", "10.2.2", "10.2.2.256", "10.2.2.1 ", " 10.2.2.1", "10.2.2.1/32", "host",
                          "2001:db8:::1", "2001:db8::g", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0"}) {
    INFO(bad);
    CHECK_FALSE(IpAddress::parse(bad));
  }
  CHECK_FALSE(IpAddress::parse(std::string("10.2.2.1\0junk", 13)));
}

TEST_CASE("IpAddress prints RFC 5952 text", "[ip]") {
  CHECK(to_string(ip("10.2.2.1")) == "10.2.2.1");
  // §4.3 lower case, §4.1 no leading zeros, §4.2.1 "::" as long as possible.
  CHECK(to_string(ip("2001:0DB8:0000:0000:0000:0000:0000:0001")) == "2001:db8::1");
  // §4.2.2: one 16-bit 0 field is not shortened.
  CHECK(to_string(ip("2001:db8:0:1:1:1:1:1")) == "2001:db8:0:1:1:1:1:1");
  // §4.2.3: the longest run is shortened; of equal runs, the first.
  CHECK(to_string(ip("2001:0:0:1:0:0:0:1")) == "2001:0:0:1::1");
  CHECK(to_string(ip("2001:db8:0:0:1:0:0:1")) == "2001:db8::1:0:0:1");
  CHECK(to_string(IpAddress::lowest(true)) == "::");
  CHECK(to_string(IpAddress::highest(true)) == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  CHECK(to_string(IpAddress::lowest(false)) == "0.0.0.0");
  CHECK(to_string(IpAddress::highest(false)) == "255.255.255.255");
}

TEST_CASE("IpAddress from bytes takes 4 or 16", "[ip]") {
  const uint8_t v4[] = {192, 168, 1, 1};
  std::optional<IpAddress> a = IpAddress::from_bytes(ByteView(v4));
  REQUIRE(a);
  CHECK(*a == ip("192.168.1.1"));
  Bytes v6(16, 0);
  v6[15] = 1;
  std::optional<IpAddress> b = IpAddress::from_bytes(v6);
  REQUIRE(b);
  CHECK(*b == ip("::1"));
  CHECK_FALSE(IpAddress::from_bytes(Bytes(0)));
  CHECK_FALSE(IpAddress::from_bytes(Bytes(5)));
  CHECK_FALSE(IpAddress::from_bytes(Bytes(15)));
}

TEST_CASE("IpAddress orders numerically, IPv4 before IPv6", "[ip]") {
  CHECK(ip("10.0.0.2") < ip("10.0.0.10"));
  CHECK(ip("9.255.255.255") < ip("10.0.0.0"));
  CHECK(ip("255.255.255.255") < ip("::"));
  CHECK(ip("2001:db8::2") < ip("2001:db8::10"));
  CHECK(ip("10.0.0.1") == ip("10.0.0.1"));
  // 0.0.0.0 and :: are different addresses.
  CHECK(ip("0.0.0.0") != ip("::"));

  absl::flat_hash_map<IpAddress, int> leases;
  leases[ip("10.2.2.1")] = 1;
  leases[ip("::ffff:10.2.2.1")] = 2;
  CHECK(leases.size() == 2);
  CHECK(leases[ip("10.2.2.1")] == 1);
}

TEST_CASE("next_address and previous_address carry across bytes", "[ip]") {
  CHECK(next_address(ip("10.2.2.1")) == ip("10.2.2.2"));
  CHECK(next_address(ip("10.0.0.255")) == ip("10.0.1.0"));
  CHECK(next_address(ip("10.255.255.255")) == ip("11.0.0.0"));
  CHECK(previous_address(ip("10.0.1.0")) == ip("10.0.0.255"));
  CHECK(previous_address(ip("11.0.0.0")) == ip("10.255.255.255"));
  CHECK(next_address(ip("2001:db8::ffff")) == ip("2001:db8::1:0"));
  CHECK(previous_address(ip("2001:db8::1:0")) == ip("2001:db8::ffff"));
  // An IPv4 address never spills into the unused 12 bytes.
  CHECK(next_address(IpAddress::highest(false)) == IpAddress::lowest(false));
}

TEST_CASE("IpRange parses prefixes, ranges and single addresses", "[ip]") {
  IpRange r = range("10.1.0.0/16");
  CHECK(r.first == ip("10.1.0.0"));
  CHECK(r.last == ip("10.1.255.255"));

  CHECK(range("0.0.0.0/0") == IpRange{ip("0.0.0.0"), ip("255.255.255.255")});
  CHECK(range("10.2.2.1/32") == IpRange{ip("10.2.2.1"), ip("10.2.2.1")});
  CHECK(range("10.2.2.1") == IpRange{ip("10.2.2.1"), ip("10.2.2.1")});
  CHECK(range("10.1.0.5-10.1.0.9") == IpRange{ip("10.1.0.5"), ip("10.1.0.9")});
  CHECK(range("10.1.0.5-10.1.0.5") == IpRange{ip("10.1.0.5"), ip("10.1.0.5")});
  // Host bits in the base are cleared (strongSwan reads "10.1.0.5/16" so).
  CHECK(range("10.1.0.5/16") == range("10.1.0.0/16"));
  CHECK(range("10.1.0.0/23") == IpRange{ip("10.1.0.0"), ip("10.1.1.255")});

  CHECK(range("::/0") == IpRange{IpAddress::lowest(true), IpAddress::highest(true)});
  CHECK(range("2001:db8::/32") == IpRange{ip("2001:db8::"), ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")});
  CHECK(range("2001:db8::1/128") == IpRange{ip("2001:db8::1"), ip("2001:db8::1")});
  CHECK(range("2001:db8::1-2001:db8::ff") == IpRange{ip("2001:db8::1"), ip("2001:db8::ff")});

  for (const char* bad : {"10.1.0.0/33", "10.1.0.0/-1", "10.1.0.0/", "10.1.0.0/1a", "10.1.0.0/ 8",
                          "10.1.0.0/+8", "10.1.0.0/0x10", "10.1.0.0/8/8", "::/129", "::/1000",
                          "10.1.0.9-10.1.0.5", "10.1.0.5-", "-10.1.0.5", "10.1.0.5-2001:db8::1",
                          "2001:db8::1-10.1.0.5", "2001:db8::ff-2001:db8::1", "10.1.0/16", "", "/8"}) {
    INFO(bad);
    CHECK_FALSE(IpRange::parse(bad));
  }
}

TEST_CASE("IpRange::prefix keeps the prefix and spans the rest", "[ip]") {
  CHECK(IpRange::prefix(ip("192.168.77.9"), 24) == range("192.168.77.0-192.168.77.255"));
  CHECK(IpRange::prefix(ip("192.168.77.9"), 0) == range("0.0.0.0-255.255.255.255"));
  CHECK(IpRange::prefix(ip("192.168.77.9"), 32) == range("192.168.77.9-192.168.77.9"));
  CHECK(IpRange::prefix(ip("192.168.77.9"), 31) == range("192.168.77.8-192.168.77.9"));
  CHECK(IpRange::prefix(ip("2001:db8:1:2::5"), 64) == range("2001:db8:1:2::-2001:db8:1:2:ffff:ffff:ffff:ffff"));
  CHECK_FALSE(IpRange::prefix(ip("10.0.0.0"), 33));
  CHECK_FALSE(IpRange::prefix(ip("::"), 129));
}

TEST_CASE("IpRange prefix length and text", "[ip]") {
  CHECK(range("10.1.0.0/16").prefix_length() == 16u);
  CHECK(range("0.0.0.0/0").prefix_length() == 0u);
  CHECK(range("10.2.2.1").prefix_length() == 32u);
  CHECK(range("::/0").prefix_length() == 0u);
  CHECK(range("2001:db8::/48").prefix_length() == 48u);
  CHECK(range("10.0.0.2-10.0.0.3").prefix_length() == 31u);
  // Not one CIDR block: misaligned, or more than one block.
  CHECK_FALSE(range("10.0.0.1-10.0.0.2").prefix_length());
  CHECK_FALSE(range("10.1.0.5-10.1.0.9").prefix_length());
  CHECK_FALSE(range("10.0.0.0-10.0.2.255").prefix_length());
  CHECK_FALSE((IpRange{ip("10.0.0.9"), ip("10.0.0.1")}).prefix_length());

  CHECK(to_string(range("10.1.0.0/16")) == "10.1.0.0/16");
  CHECK(to_string(range("10.1.0.5-10.1.0.9")) == "10.1.0.5-10.1.0.9");
  CHECK(to_string(range("10.2.2.1")) == "10.2.2.1/32");
  CHECK(to_string(range("::/0")) == "::/0");
  CHECK(to_string(range("2001:db8::1-2001:db8::ff")) == "2001:db8::1-2001:db8::ff");
  for (const char* text : {"10.1.0.0/16", "10.1.0.5-10.1.0.9", "0.0.0.0/0", "2001:db8::/32"}) {
    INFO(text);
    CHECK(range(to_string(range(text))) == range(text));
  }
}

TEST_CASE("IpRange contains addresses of its own family only", "[ip]") {
  IpRange r = range("10.1.0.0/16");
  CHECK(r.contains(ip("10.1.0.0")));
  CHECK(r.contains(ip("10.1.255.255")));
  CHECK(r.contains(ip("10.1.7.7")));
  CHECK_FALSE(r.contains(ip("10.2.0.0")));
  CHECK_FALSE(r.contains(ip("10.0.255.255")));
  CHECK_FALSE(range("::/0").contains(ip("10.1.0.1")));
  CHECK_FALSE(range("0.0.0.0/0").contains(ip("::1")));
}
