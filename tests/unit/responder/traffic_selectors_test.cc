// Traffic selectors (RFC 7296 §3.13.1) and the responder's narrowing
// (§2.9), on the seed's AnyConnect selectors and strongSwan-style policies.
#include <catch2/catch.hpp>

#include "ikecore/base/bytes.h"
#include "ikecore/responder/traffic_selectors.h"
#include "ikecore/wire/message.h"

using namespace ikecore;

namespace {

Selector sel(const std::string& text) {
  std::optional<Selector> s = Selector::parse(text);
  INFO(text);
  REQUIRE(s);
  return *s;
}

IpAddress ip(const std::string& text) {
  std::optional<IpAddress> a = IpAddress::parse(text);
  REQUIRE(a);
  return *a;
}

Bytes hex(const std::string& text) {
  Bytes out;
  REQUIRE(from_hex(text, out));
  return out;
}

// The TSi / TSr payloads of the seed's IKE_AUTH request (message 3): one
// TS_IPV4_ADDR_RANGE each, 0.0.0.0-255.255.255.255, ports 0-65535, protocol
// 0; 24 bytes with the generic header.
const char kSeedTsHex[] =
    "00000018"  // generic header: no next payload, length 24
    "01000000"  // one selector
    "07000010 0000ffff 00000000 ffffffff";

Bytes serialize_ts(PayloadType type, const TsPayload& ts) {
  Payload p{type, false, ts};
  Bytes out;
  REQUIRE(serialize_payloads(Seq<Payload>(&p, 1), out).ok());
  return out;
}

}  // namespace

TEST_CASE("Selector::parse reads strongSwan's notation", "[traffic_selectors]") {
  Selector s = sel("10.1.0.0/16");
  CHECK(s.ip_protocol == 0);
  CHECK(s.start_port == 0);
  CHECK(s.end_port == 65535);
  CHECK(s.addresses.first == ip("10.1.0.0"));
  CHECK(s.addresses.last == ip("10.1.255.255"));

  s = sel("10.1.0.0/16[tcp/443]");
  CHECK(s.ip_protocol == 6);
  CHECK(s.start_port == 443);
  CHECK(s.end_port == 443);

  s = sel("0.0.0.0/0[udp/500-510]");
  CHECK(s.ip_protocol == 17);
  CHECK(s.start_port == 500);
  CHECK(s.end_port == 510);
  CHECK(s.addresses == Selector::any(false).addresses);

  s = sel("10.1.0.0/16[17]");
  CHECK(s.ip_protocol == 17);
  CHECK(s.start_port == 0);
  CHECK(s.end_port == 65535);

  CHECK(sel("10.1.0.0/16[17/500-510]") == sel("10.1.0.0/16[udp/500-510]"));
  CHECK(sel("10.0.0.0/8[icmp]").ip_protocol == 1);
  CHECK(sel("::/0[ipv6-icmp]").ip_protocol == 58);
  CHECK(sel("10.0.0.0/8[%any/53]").ip_protocol == 0);
  CHECK(sel("10.0.0.0/8[%any/53]").start_port == 53);
  CHECK(sel("10.0.0.0/8[udp/%any]") == sel("10.0.0.0/8[udp]"));
  // RFC 4301 OPAQUE: start 65535, end 0.
  s = sel("10.0.0.0/8[udp/%opaque]");
  CHECK(s.start_port == 65535);
  CHECK(s.end_port == 0);

  s = sel("10.1.0.5-10.1.0.9[tcp/80]");
  CHECK(s.addresses == IpRange{ip("10.1.0.5"), ip("10.1.0.9")});

  s = sel("2001:db8::/32[tcp/22]");
  CHECK(s.addresses.first.ipv6);
  CHECK(s.addresses.last == ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));

  CHECK(Selector::any(false) == sel("0.0.0.0/0"));
  CHECK(Selector::any(true) == sel("::/0"));

  for (const char* bad : {"", "[tcp/443]", "10.1.0.0/16[tcp/443", "10.1.0.0/16tcp/443]", "10.1.0.0/16[]",
                          "10.1.0.0/16[foo]", "10.1.0.0/16[256]", "10.1.0.0/16[-1]", "10.1.0.0/16[tcp/70000]",
                          "10.1.0.0/16[tcp/510-500]", "10.1.0.0/16[tcp/]", "10.1.0.0/16[tcp/80-]",
                          "10.1.0.0/16[tcp/http]", "10.1.0.0/16[tcp/443]x", "10.1.0.0/33", "10.1.0.0/16[tcp/1/2]",
                          "10.1.0.9-10.1.0.5", "0.0.0.0-::"}) {
    INFO(bad);
    CHECK_FALSE(Selector::parse(bad));
  }
}

TEST_CASE("Selector text forms", "[traffic_selectors]") {
  CHECK(to_string(sel("0.0.0.0/0")) == "0.0.0.0/0");
  CHECK(to_string(sel("10.2.2.1/32[udp/500]")) == "10.2.2.1/32[udp/500]");
  CHECK(to_string(sel("10.2.2.1[17/500]")) == "10.2.2.1/32[udp/500]");
  CHECK(to_string(sel("10.1.0.0/16[tcp]")) == "10.1.0.0/16[tcp]");
  CHECK(to_string(sel("10.1.0.5-10.1.0.9[tcp/80-90]")) == "10.1.0.5-10.1.0.9[tcp/80-90]");
  CHECK(to_string(sel("::/0[47]")) == "::/0[47]");
  CHECK(to_string(sel("10.0.0.0/8[%any/53]")) == "10.0.0.0/8[any/53]");
  CHECK(to_string(sel("10.0.0.0/8[udp/%opaque]")) == "10.0.0.0/8[udp/opaque]");
  for (const char* text : {"10.1.0.0/16", "10.1.0.0/16[tcp/443]", "0.0.0.0/0[udp/500-510]", "10.1.0.0/16[17]",
                           "10.0.0.0/8[%any/53]", "10.0.0.0/8[udp/%opaque]", "2001:db8::/32[ipv6-icmp]",
                           "10.1.0.5-10.1.0.9[132/1-2]"}) {
    INFO(text);
    CHECK(sel(to_string(sel(text))) == sel(text));
  }

  // The ASA's "show crypto ikev2 sa detail" form, from the seed.
  CHECK(to_cisco_string(sel("10.2.2.1/32")) == "10.2.2.1/0 - 10.2.2.1/65535");
  CHECK(to_cisco_string(sel("0.0.0.0/0")) == "0.0.0.0/0 - 255.255.255.255/65535");
}

TEST_CASE("Seed: TSi 0.0.0.0/0 is narrowed to the assigned address", "[traffic_selectors]") {
  Bytes wire = hex(kSeedTsHex);
  REQUIRE(wire.size() == 24);
  Arena arena;
  Seq<Payload> payloads;
  REQUIRE(parse_payloads(wire, PayloadType::kTsi, arena, payloads).ok());
  REQUIRE(payloads.size() == 1);
  const TsPayload* tsi = payloads[0].get<TsPayload>();
  REQUIRE(tsi);

  std::vector<Selector> proposed = from_payload(*tsi);
  REQUIRE(proposed.size() == 1);
  CHECK(proposed[0] == Selector::any(false));

  // Policy for the remote side: the virtual IP from the pool.
  const Selector policy[] = {sel("10.2.2.1/32")};
  std::vector<Selector> narrowed = narrow(proposed, policy);
  REQUIRE(narrowed.size() == 1);
  CHECK(narrowed[0].ip_protocol == 0);
  CHECK(narrowed[0].start_port == 0);
  CHECK(narrowed[0].end_port == 65535);
  CHECK(narrowed[0].addresses.first == ip("10.2.2.1"));
  CHECK(narrowed[0].addresses.last == ip("10.2.2.1"));
  CHECK(to_cisco_string(narrowed[0]) == "10.2.2.1/0 - 10.2.2.1/65535");

  // The answer's TSi: 24 bytes, 10.2.2.1-10.2.2.1.
  std::vector<TrafficSelector> storage;
  TsPayload answer = to_payload(narrowed, storage);
  CHECK(to_hex(serialize_ts(PayloadType::kTsi, answer)) ==
        "00000018"
        "01000000"
        "070000100000ffff0a0202010a020201");

  // TSr: the tunnel group sends everything through (policy local 0.0.0.0/0),
  // so it comes back unchanged, byte for byte.
  const Selector local_policy[] = {Selector::any(false)};
  std::vector<Selector> tsr = narrow(proposed, local_policy);
  REQUIRE(tsr.size() == 1);
  CHECK(serialize_ts(PayloadType::kTsr, to_payload(tsr, storage)) == wire);
}

TEST_CASE("to_payload views the selectors' addresses", "[traffic_selectors]") {
  const Selector selectors[] = {sel("10.1.0.0/16[tcp/443]"), sel("2001:db8::1-2001:db8::ff[udp/53]")};
  std::vector<TrafficSelector> storage;
  TsPayload p = to_payload(selectors, storage);
  REQUIRE(p.selectors.size() == 2);
  CHECK(p.selectors[0].type == TsType::kIpv4AddrRange);
  CHECK(p.selectors[0].ip_protocol == 6);
  CHECK(p.selectors[0].start_port == 443);
  CHECK(p.selectors[0].end_port == 443);
  CHECK(p.selectors[0].start_address.data() == selectors[0].addresses.first.bytes.data());
  CHECK(p.selectors[0].start_address.size() == 4);
  CHECK(p.selectors[0].end_address == ByteView(std::array<uint8_t, 4>{10, 1, 255, 255}));
  CHECK(p.selectors[1].type == TsType::kIpv6AddrRange);
  CHECK(p.selectors[1].start_address.size() == 16);
  CHECK(p.selectors[1].end_address.size() == 16);
  CHECK(p.selectors[1].end_address[15] == 0xff);

  // Round trip through the wire: 4 + 4 + (8 + 2x4) + (8 + 2x16).
  Bytes wire = serialize_ts(PayloadType::kTsr, p);
  CHECK(wire.size() == 4 + 4 + 16 + 40);
  Arena arena;
  Seq<Payload> payloads;
  REQUIRE(parse_payloads(wire, PayloadType::kTsr, arena, payloads).ok());
  std::vector<Selector> back = from_payload(*payloads[0].get<TsPayload>());
  CHECK(back == std::vector<Selector>(std::begin(selectors), std::end(selectors)));

  CHECK(to_payload({}, storage).selectors.empty());
}

TEST_CASE("from_payload skips selectors that are not address ranges", "[traffic_selectors]") {
  const uint8_t label[] = {0, 3, 'a', 'b', 'c'};
  TrafficSelector items[3];
  items[0].type = TsType::kSecLabel;  // RFC 9478
  items[0].other = ByteView(label);
  const uint8_t lo[] = {192, 168, 0, 0};
  const uint8_t hi[] = {192, 168, 0, 255};
  items[1].type = TsType::kIpv4AddrRange;
  items[1].ip_protocol = 17;
  items[1].start_port = 500;
  items[1].end_port = 500;
  items[1].start_address = ByteView(lo);
  items[1].end_address = ByteView(hi);
  // A hand-built selector whose addresses do not fit its type.
  items[2].type = TsType::kIpv6AddrRange;
  items[2].start_address = ByteView(lo);
  items[2].end_address = ByteView(hi);
  TsPayload ts;
  ts.selectors = Seq<TrafficSelector>(items, 3);
  std::vector<Selector> out = from_payload(ts);
  REQUIRE(out.size() == 1);
  CHECK(out[0] == sel("192.168.0.0/24[udp/500]"));
}

TEST_CASE("intersect: protocol, ports and addresses", "[traffic_selectors]") {
  // Protocol 0 matches any protocol; two different protocols do not meet.
  CHECK(intersect(sel("0.0.0.0/0"), sel("10.1.0.0/16[tcp/443]")) == sel("10.1.0.0/16[tcp/443]"));
  CHECK(intersect(sel("10.1.0.0/16[tcp/443]"), sel("0.0.0.0/0")) == sel("10.1.0.0/16[tcp/443]"));
  CHECK_FALSE(intersect(sel("0.0.0.0/0[udp]"), sel("0.0.0.0/0[tcp]")));
  CHECK(intersect(sel("0.0.0.0/0[17]"), sel("0.0.0.0/0[%any/500]")) == sel("0.0.0.0/0[udp/500]"));
  // Port ranges overlap or not.
  CHECK(intersect(sel("0.0.0.0/0[tcp/1000-2000]"), sel("0.0.0.0/0[tcp/1500-3000]")) ==
        sel("0.0.0.0/0[tcp/1500-2000]"));
  CHECK(intersect(sel("0.0.0.0/0[tcp/1000-2000]"), sel("0.0.0.0/0[tcp/2000-3000]")) == sel("0.0.0.0/0[tcp/2000]"));
  CHECK_FALSE(intersect(sel("0.0.0.0/0[tcp/1000-1999]"), sel("0.0.0.0/0[tcp/2000-3000]")));
  // Address ranges.
  CHECK(intersect(sel("10.1.0.0-10.1.0.100"), sel("10.1.0.50-10.1.0.200")) == sel("10.1.0.50-10.1.0.100"));
  CHECK(intersect(sel("10.1.0.0/16"), sel("10.1.2.3")) == sel("10.1.2.3/32"));
  CHECK_FALSE(intersect(sel("10.1.0.0/16"), sel("10.2.0.0/16")));
  CHECK_FALSE(intersect(sel("10.1.0.0-10.1.0.9"), sel("10.1.0.10-10.1.0.20")));
  // Families never meet.
  CHECK_FALSE(intersect(sel("0.0.0.0/0"), sel("::/0")));
  // OPAQUE meets only OPAQUE.
  CHECK_FALSE(intersect(sel("0.0.0.0/0[udp/%opaque]"), sel("0.0.0.0/0[udp]")));
  CHECK_FALSE(intersect(sel("0.0.0.0/0[udp]"), sel("0.0.0.0/0[udp/%opaque]")));
  CHECK(intersect(sel("0.0.0.0/0[udp/%opaque]"), sel("10.0.0.0/8[%any/%opaque]")) == sel("10.0.0.0/8[udp/%opaque]"));
  // A selector from the wire with start > end (not OPAQUE) is empty.
  Selector inverted = sel("0.0.0.0/0");
  inverted.start_port = 600;
  inverted.end_port = 500;
  CHECK_FALSE(intersect(inverted, sel("0.0.0.0/0")));
  Selector backwards = sel("0.0.0.0/0");
  backwards.addresses = IpRange{ip("10.0.0.9"), ip("10.0.0.1")};
  CHECK_FALSE(intersect(backwards, sel("0.0.0.0/0")));
}

TEST_CASE("narrow: port and protocol narrowing to policy", "[traffic_selectors]") {
  // An initiator asking for everything, a policy that allows one service.
  const Selector proposed[] = {sel("0.0.0.0/0")};
  const Selector policy[] = {sel("10.1.0.0/16[tcp/443]"), sel("10.1.0.53/32[udp/53]")};
  std::vector<Selector> out = narrow(proposed, policy);
  REQUIRE(out.size() == 2);
  CHECK(out[0] == sel("10.1.0.0/16[tcp/443]"));
  CHECK(out[1] == sel("10.1.0.53/32[udp/53]"));

  // Wider policy: the proposal stays as it is.
  const Selector asked[] = {sel("10.1.2.0/24[tcp/8000-8080]")};
  const Selector wide[] = {sel("10.0.0.0/8")};
  CHECK(narrow(asked, wide) == std::vector<Selector>{sel("10.1.2.0/24[tcp/8000-8080]")});
}

TEST_CASE("narrow: IPv6 and dual-stack proposals", "[traffic_selectors]") {
  // strongSwan's dual-stack client proposes 0.0.0.0/0 and ::/0.
  const Selector proposed[] = {Selector::any(false), Selector::any(true)};
  const Selector v6_policy[] = {sel("2001:db8:1::/48")};
  CHECK(narrow(proposed, v6_policy) == std::vector<Selector>{sel("2001:db8:1::/48")});
  const Selector v4_policy[] = {sel("10.2.2.1/32")};
  CHECK(narrow(proposed, v4_policy) == std::vector<Selector>{sel("10.2.2.1/32")});
  const Selector both[] = {sel("10.2.2.1/32"), sel("2001:db8:1::2/128")};
  CHECK(narrow(proposed, both) == std::vector<Selector>{sel("10.2.2.1/32"), sel("2001:db8:1::2/128")});

  const Selector v6_only[] = {sel("::/0")};
  CHECK(narrow(v6_only, v4_policy).empty());
}

TEST_CASE("narrow: disjoint ranges give nothing", "[traffic_selectors]") {
  const Selector proposed[] = {sel("192.168.0.0/16"), sel("172.16.0.0/12[tcp]")};
  const Selector policy[] = {sel("10.0.0.0/8"), sel("172.16.0.0/12[udp]")};
  CHECK(narrow(proposed, policy).empty());
  CHECK(narrow({}, policy).empty());
  CHECK(narrow(proposed, {}).empty());
}

TEST_CASE("narrow: the proposal's order is kept, duplicates dropped", "[traffic_selectors]") {
  // §2.9: the first selector is the packet that triggered the request; it
  // must stay first even when policy lists its range later.
  const Selector proposed[] = {sel("10.1.0.5/32[tcp/80]"), sel("10.1.0.0/16"), sel("10.9.0.0/16")};
  const Selector policy[] = {sel("10.9.0.0/16"), sel("10.1.0.0/16")};
  std::vector<Selector> out = narrow(proposed, policy);
  REQUIRE(out.size() == 3);
  CHECK(out[0] == sel("10.1.0.5/32[tcp/80]"));
  CHECK(out[1] == sel("10.1.0.0/16"));
  CHECK(out[2] == sel("10.9.0.0/16"));

  // Two proposed selectors narrowing to the same one give it once.
  const Selector overlapping[] = {sel("0.0.0.0/0"), sel("10.0.0.0/8")};
  const Selector one[] = {sel("10.1.0.0/16")};
  CHECK(narrow(overlapping, one) == std::vector<Selector>{sel("10.1.0.0/16")});
}
