// ikecore-responder's XML configuration (examples/responder/config_file.h):
// the embedded default read back field by field, the value syntaxes, and a
// table of bad configurations whose messages must name the file, the line
// of the offending element and the element / attribute.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "config_file.h"
#include "default_config.h"
#include "ikecore/responder/traffic_selectors.h"
#include "temp_dir.h"

using namespace ikecore;
using headend::HeadendConfig;
using headend::parse_config;

namespace {

// 1-based line of the first occurrence of `needle` in `text`.
size_t line_of(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  INFO("needle: " << needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n'));
}

// The same, for the n-th (1-based) occurrence.
size_t line_of_nth(const std::string& text, const std::string& needle, int n) {
  size_t at = std::string::npos;
  size_t from = 0;
  for (int i = 0; i < n; ++i) {
    at = text.find(needle, from);
    INFO("needle: " << needle << " #" << (i + 1));
    REQUIRE(at != std::string::npos);
    from = at + 1;
  }
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n'));
}

HeadendConfig parse_ok(const std::string& text, const std::string& base_dir = "/etc/ikecore") {
  auto c = parse_config(text, "t.xml", base_dir);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  return *std::move(c);
}

std::string parse_error(const std::string& text) {
  auto c = parse_config(text, "t.xml", "/etc/ikecore");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(c.status().message());
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

Selector selector(const std::string& text) {
  auto s = Selector::parse(text);
  REQUIRE(s);
  return *s;
}

IpAddress address(const std::string& text) {
  auto a = IpAddress::parse(text);
  REQUIRE(a);
  return *a;
}

IpRange range(const std::string& text) {
  auto r = IpRange::parse(text);
  REQUIRE(r);
  return *r;
}

std::string text_of(const Bytes& b) { return std::string(b.begin(), b.end()); }

// A minimal valid configuration: one PSK connection.
const std::string kMinimal = R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net"/>
  </connection>
</ikecore-responder>
)";

}  // namespace

TEST_CASE("the embedded default configuration says what its XML says", "[headend][config]") {
  const std::string text = headend::kDefaultConfig;
  HeadendConfig c = parse_ok(text, "/var/lib/ikecore");
  const ResponderConfig& r = c.responder;

  // <ike proposals="default"/>
  IkeProposalPolicy d = default_ike_policy();
  CHECK(r.ike.encr == d.encr);
  CHECK(r.ike.prf == d.prf);
  CHECK(r.ike.integ == d.integ);
  CHECK(r.ike.groups == d.groups);
  CHECK_FALSE(r.ike.allow_legacy);

  // <timeouts half-open="30s" eap="120s" ike-lifetime="24h" child-lifetime="8h"/>
  CHECK(r.half_open_timeout == std::chrono::seconds(30));
  CHECK(r.eap_timeout == std::chrono::seconds(120));
  CHECK(r.ike_lifetime == std::chrono::seconds(24 * 3600));
  CHECK(r.child_lifetime == std::chrono::seconds(8 * 3600));

  // <fragmentation enabled="yes" size="1280"/>
  CHECK(r.fragmentation);
  CHECK(r.fragment_size == 1280);

  // <credentials>: generated PKI for vpn.ikecore.test, two EAP users.
  CHECK(c.certificates.empty());
  CHECK(c.trust_anchors.empty());
  CHECK(c.shared_keys.empty());
  REQUIRE(c.generated_pki);
  CHECK(c.generated_pki->dns_names == std::vector<std::string>{"vpn.ikecore.test"});
  CHECK(c.generated_pki->origin == "t.xml:" + std::to_string(line_of(text, "<generated-pki")) + ": <generated-pki>");
  REQUIRE(c.eap_users.size() == 2);
  CHECK(c.eap_users[0].name == "alice");
  CHECK(c.eap_users[0].password == "ikecore-demo");
  CHECK(c.eap_users[1].name == "bob");
  CHECK(c.eap_users[1].password == "ikecore-demo2");

  // <pool name="clients" range="10.99.0.0/24"/>
  REQUIRE(c.pools.size() == 1);
  CHECK(c.pools[0].name == "clients");
  CHECK(c.pools[0].range.first == address("10.99.0.0"));
  CHECK(c.pools[0].range.last == address("10.99.0.255"));

  // <connection name="eap" ...>
  REQUIRE(r.connections.size() == 1);
  const ConnectionPolicy& conn = r.connections[0];
  CHECK(conn.name == "eap");
  CHECK(conn.local_id.type == IdType::kFqdn);
  CHECK(text_of(conn.local_id.data) == "vpn.ikecore.test");
  CHECK(conn.remote_id.any());
  CHECK(conn.local_auth == AuthKind::kPubkey);
  CHECK(conn.remote_auth == AuthKind::kEap);
  CHECK(conn.eap_methods == std::vector<EapType>{EapType::kMschapv2, EapType::kMd5Challenge, EapType::kGtc});
  CHECK(conn.eap_identity);      // not written: the default, yes
  CHECK(conn.send_certificate);  // likewise

  // <client pool="clients" dns="10.99.1.53" subnets="10.99.1.0/24"/>
  CHECK(conn.attributes.pool == "clients");
  CHECK(conn.attributes.dns == std::vector<IpAddress>{address("10.99.1.53")});
  CHECK(conn.attributes.nbns.empty());
  CHECK(conn.attributes.subnets == std::vector<IpRange>{range("10.99.1.0/24")});
  CHECK_FALSE(conn.attributes.netmask);
  CHECK(conn.attributes.application_version.empty());

  // <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0"><esp proposals="default"/>
  REQUIRE(conn.children.size() == 1);
  const ChildPolicy& child = conn.children[0];
  CHECK(child.name == "net");
  CHECK(child.local_ts == std::vector<Selector>{selector("10.99.1.0/24")});
  CHECK(child.remote_ts == std::vector<Selector>{selector("0.0.0.0/0")});
  CHECK_FALSE(child.allow_transport);
  EspProposalPolicy e = default_esp_policy();
  CHECK(child.esp.encr == e.encr);
  CHECK(child.esp.integ == e.integ);
  CHECK(child.esp.esn == e.esn);
  CHECK(child.esp.groups == e.groups);
}

TEST_CASE("values: durations yes/no lists PSKs identities", "[headend][config]") {
  const std::string text = R"(<?xml version="1.0"?>
<ikecore-responder>
  <ike proposals="aes256gcm16-prfsha256-x25519, aes128-sha256-modp2048" allow-legacy="no"/>
  <timeouts half-open="45" eap="5m" ike-lifetime="1d" child-lifetime="2h"/>
  <fragmentation enabled="FALSE" size="1400"/>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
    <psk remote-id="10.1.2.3" secret-hex="0a1BfF"/>
    <eap-user name="alice" password=" with spaces "/>
  </credentials>
  <pool name="a" range="10.3.0.5-10.3.0.9"/>
  <pool name="b" range="192.0.2.7"/>
  <connection name="psk" local-id="@gw.example" remote-id="*@example.com" local-auth="psk" remote-auth="psk"
              send-certificate="no">
    <client pool="b" dns="10.0.0.53, 10.0.0.54" nbns="10.0.0.137" netmask="255.255.255.0"
            application-version="gw 1.0"/>
    <child name="one" local-ts="10.1.0.0/16, 10.2.0.0/16[tcp/443]" transport="yes">
      <esp proposals="aes128gcm16-esn, aes256-sha384-modp3072"/>
    </child>
    <child name="two"/>
  </connection>
  <connection name="eap" remote-auth="eap" local-auth="psk" eap-methods="gtc, MD5,gtc" eap-identity="true">
    <child name="x"/>
  </connection>
</ikecore-responder>
)";
  // remote-auth="eap" needs an <eap-user>; the one above is there.
  HeadendConfig c = parse_ok(text);
  const ResponderConfig& r = c.responder;

  CHECK(r.ike.encr == std::vector<EncrChoice>{{EncrId::kAesGcm16, 256}, {EncrId::kAesCbc, 128}});
  CHECK(r.half_open_timeout == std::chrono::seconds(45));
  CHECK(r.eap_timeout == std::chrono::seconds(300));
  CHECK(r.ike_lifetime == std::chrono::seconds(86400));
  CHECK(r.child_lifetime == std::chrono::seconds(7200));
  CHECK_FALSE(r.fragmentation);
  CHECK(r.fragment_size == 1400);

  REQUIRE(c.shared_keys.size() == 2);
  CHECK(c.shared_keys[0].remote.type == IdType::kRfc822Addr);
  CHECK(text_of(c.shared_keys[0].remote.data) == "carol@example.com");
  CHECK(std::string(c.shared_keys[0].key.view().begin(), c.shared_keys[0].key.view().end()) == "s3cret");
  CHECK(c.shared_keys[1].remote.type == IdType::kIpv4Addr);
  CHECK(c.shared_keys[1].remote.data == Bytes{10, 1, 2, 3});
  CHECK(Bytes(c.shared_keys[1].key.view().begin(), c.shared_keys[1].key.view().end()) == Bytes{0x0a, 0x1b, 0xff});
  REQUIRE(c.eap_users.size() == 1);
  CHECK(c.eap_users[0].password == " with spaces ");  // passwords are taken as written

  REQUIRE(c.pools.size() == 2);
  CHECK(c.pools[0].range == IpRange{address("10.3.0.5"), address("10.3.0.9")});
  CHECK(c.pools[1].range == IpRange{address("192.0.2.7"), address("192.0.2.7")});

  REQUIRE(r.connections.size() == 2);
  const ConnectionPolicy& p = r.connections[0];
  CHECK(p.local_id.type == IdType::kFqdn);
  CHECK(text_of(p.local_id.data) == "gw.example");
  CHECK_FALSE(p.remote_id.any());
  CHECK(p.remote_id.rank() == 1);  // a suffix pattern
  CHECK(p.remote_id.matches(*Identity::parse("dave@example.com")));
  CHECK_FALSE(p.remote_id.matches(*Identity::parse("dave@example.org")));
  CHECK(p.local_auth == AuthKind::kPsk);
  CHECK(p.remote_auth == AuthKind::kPsk);
  CHECK_FALSE(p.send_certificate);
  CHECK(p.attributes.pool == "b");
  CHECK(p.attributes.dns == std::vector<IpAddress>{address("10.0.0.53"), address("10.0.0.54")});
  CHECK(p.attributes.nbns == std::vector<IpAddress>{address("10.0.0.137")});
  REQUIRE(p.attributes.netmask);
  CHECK(*p.attributes.netmask == address("255.255.255.0"));
  CHECK(p.attributes.application_version == "gw 1.0");
  REQUIRE(p.children.size() == 2);
  CHECK(p.children[0].name == "one");
  CHECK(p.children[0].local_ts == std::vector<Selector>{selector("10.1.0.0/16"), selector("10.2.0.0/16[tcp/443]")});
  CHECK(p.children[0].remote_ts == std::vector<Selector>{Selector::any(false)});  // not written: everything
  CHECK(p.children[0].allow_transport);
  CHECK(p.children[0].esp.encr == std::vector<EncrChoice>{{EncrId::kAesGcm16, 128}, {EncrId::kAesCbc, 256}});
  CHECK(p.children[0].esp.integ == std::vector<IntegId>{IntegId::kHmacSha2_384_192});
  CHECK(p.children[0].esp.esn == std::vector<EsnId>{EsnId::kEsn, EsnId::kNoEsn});
  CHECK(p.children[0].esp.groups == std::vector<KeGroup>{KeGroup::kModp3072});
  CHECK(p.children[1].name == "two");
  CHECK(p.children[1].esp.encr == default_esp_policy().encr);  // no <esp>: the default

  const ConnectionPolicy& e = r.connections[1];
  CHECK(e.remote_id.any());  // not written: %any
  CHECK(e.eap_methods == std::vector<EapType>{EapType::kGtc, EapType::kMd5Challenge});  // duplicates dropped
  CHECK(e.eap_identity);
  CHECK_FALSE(c.generated_pki);
}

TEST_CASE("<generated-pki> without server-name takes the FQDN local-ids of pubkey connections", "[headend][config]") {
  const std::string text = R"(<ikecore-responder>
  <credentials>
    <generated-pki/>
    <eap-user name="alice" password="pw"/>
  </credentials>
  <connection name="a" local-id="vpn.example.net"><child name="c"/></connection>
  <connection name="b" local-id="10.0.0.1"><child name="c"/></connection>
  <connection name="c" local-id="other.example.net"><child name="c"/></connection>
</ikecore-responder>
)";
  HeadendConfig c = parse_ok(text);
  REQUIRE(c.generated_pki);
  CHECK(c.generated_pki->dns_names == std::vector<std::string>{"vpn.example.net", "other.example.net"});

  const std::string names = R"(<ikecore-responder>
  <credentials>
    <generated-pki server-name="a.example, b.example"/>
    <eap-user name="alice" password="pw"/>
  </credentials>
  <connection name="a"><child name="c"/></connection>
</ikecore-responder>
)";
  CHECK(parse_ok(names).generated_pki->dns_names == std::vector<std::string>{"a.example", "b.example"});
}

TEST_CASE("file names are resolved against the configuration's directory", "[headend][config]") {
  headend::test::TempDir dir;
  const std::string text = R"(<ikecore-responder>
  <credentials>
    <certificate cert="server.crt" key="/abs/server.key"/>
    <ca file="sub/ca.crt"/>
    <eap-user name="alice" password="pw"/>
  </credentials>
  <connection name="a" remote-auth="pubkey"><child name="c"/></connection>
</ikecore-responder>
)";
  const std::string path = dir.file("ikecore.xml");
  headend::test::write_text(path, text);
  auto c = headend::load_config_file(path);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  REQUIRE(c->certificates.size() == 1);
  CHECK(c->certificates[0].cert.path == dir.file("server.crt"));
  CHECK(c->certificates[0].key.path == "/abs/server.key");
  const std::string cert_line = std::to_string(line_of(text, "<certificate"));
  CHECK(c->certificates[0].cert.origin == path + ":" + cert_line + ": <certificate> attribute \"cert\"");
  CHECK(c->certificates[0].key.origin == path + ":" + cert_line + ": <certificate> attribute \"key\"");
  REQUIRE(c->trust_anchors.size() == 1);
  CHECK(c->trust_anchors[0].path == dir.file("sub/ca.crt"));
  CHECK(c->trust_anchors[0].origin == path + ":" + std::to_string(line_of(text, "<ca ")) + ": <ca> attribute \"file\"");

  // A missing file names itself.
  auto missing = headend::load_config_file(dir.file("nope.xml"));
  REQUIRE_FALSE(missing.ok());
  CHECK(starts_with(std::string(missing.status().message()), dir.file("nope.xml") + ": cannot open"));
}

TEST_CASE("the minimal configuration used by the error table is valid", "[headend][config]") {
  HeadendConfig c = parse_ok(kMinimal);
  REQUIRE(c.responder.connections.size() == 1);
  CHECK(c.responder.connections[0].name == "c");
}

TEST_CASE("every error names the file and the line and the element or attribute", "[headend][config]") {
  struct Case {
    const char* what;
    std::string text;
    std::string needle;  // where the offending element starts
    int occurrence;      // which occurrence of `needle` (1-based)
    std::string tail;    // what follows "t.xml:LINE: "
  };
  const std::vector<Case> cases = {
      {"unknown element at the top", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <bogus/>
</ikecore-responder>)",
       "<bogus", 1, "<bogus>: unknown element (allowed here: ike, timeouts, fragmentation, dos, credentials, pool, connection)"},

      {"unknown element in <child>", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net">
      <esp proposals="default"/>
      <ah/>
    </child>
  </connection>
</ikecore-responder>)",
       "<ah", 1, "<ah>: unknown element (allowed here: esp)"},

      {"element inside an element that takes none", R"(<ikecore-responder>
  <ike proposals="default">
    <proposal/>
  </ike>
</ikecore-responder>)",
       "<proposal", 1, "<proposal>: unknown element (this element takes no children)"},

      {"text inside an element", R"(<ikecore-responder>
  <ike>aes256</ike>
</ikecore-responder>)",
       "<ike>", 1, "<ike>: unexpected text inside the element"},

      {"unknown attribute", R"(<ikecore-responder>

  <ike proposals="default" proposal="aes256"/>
</ikecore-responder>)",
       "<ike ", 1, "<ike>: unknown attribute \"proposal\" (allowed: proposals, allow-legacy)"},

      {"attribute on an element that takes none", R"(<ikecore-responder>
  <credentials file="x">
  </credentials>
</ikecore-responder>)",
       "<credentials", 1, "<credentials>: unknown attribute \"file\""},

      {"bad yes/no", R"(<ikecore-responder>
  <fragmentation enabled="maybe"/>
</ikecore-responder>)",
       "<fragmentation", 1, "<fragmentation> attribute \"enabled\": \"maybe\" is neither yes nor no"},

      {"bad yes/no deep down", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net" transport="1"/>
  </connection>
</ikecore-responder>)",
       "<child", 1, "<child> attribute \"transport\": \"1\" is neither yes nor no"},

      {"bad duration unit", R"(<ikecore-responder>
  <timeouts half-open="30x"/>
</ikecore-responder>)",
       "<timeouts", 1, "<timeouts> attribute \"half-open\": \"30x\" is not a duration (e.g. 30s, 5m, 24h, 1d)"},

      {"zero duration", R"(<ikecore-responder>
  <timeouts eap="0s"/>
</ikecore-responder>)",
       "<timeouts", 1, "<timeouts> attribute \"eap\": \"0s\" is not a duration (e.g. 30s, 5m, 24h, 1d)"},

      {"negative duration", R"(<ikecore-responder>
  <timeouts child-lifetime="-5m"/>
</ikecore-responder>)",
       "<timeouts", 1, "<timeouts> attribute \"child-lifetime\": \"-5m\" is not a duration (e.g. 30s, 5m, 24h, 1d)"},

      {"duration over a year", R"(<ikecore-responder>
  <timeouts ike-lifetime="366d"/>
</ikecore-responder>)",
       "<timeouts", 1, "<timeouts> attribute \"ike-lifetime\": \"366d\" is not a duration (e.g. 30s, 5m, 24h, 1d)"},

      {"fragment size too small", R"(<ikecore-responder>
  <fragmentation size="100"/>
</ikecore-responder>)",
       "<fragmentation", 1, "<fragmentation> attribute \"size\": \"100\" is not a size from 512 to 65535"},

      {"bad IKE proposal keyword", R"(<ikecore-responder>
  <ike proposals="aes256-sha257-modp2048"/>
</ikecore-responder>)",
       "<ike ", 1,
       "<ike> attribute \"proposals\": proposal \"aes256-sha257-modp2048\": unknown algorithm \"sha257\""},

      {"empty IKE proposal list", R"(<ikecore-responder>
  <ike proposals=""/>
</ikecore-responder>)",
       "<ike ", 1, "<ike> attribute \"proposals\": empty proposal list"},

      {"legacy IKE algorithm without allow-legacy", R"(<ikecore-responder>
  <ike proposals="3des-sha1-modp1024"/>
</ikecore-responder>)",
       "<ike ", 1,
       "<ike> attribute \"proposals\": proposal \"3des-sha1-modp1024\": \"3des\" is a legacy algorithm "
       "(set allow-legacy=\"yes\" to accept it)"},

      {"legacy ESP algorithm without allow-legacy", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net">
      <esp proposals="aes128-md5"/>
    </child>
  </connection>
</ikecore-responder>)",
       "<esp", 1,
       "<esp> attribute \"proposals\": proposal \"aes128-md5\": \"md5\" is a legacy algorithm "
       "(set allow-legacy=\"yes\" to accept it)"},

      {"bad allow-legacy", R"(<ikecore-responder>
  <ike proposals="default" allow-legacy="y"/>
</ikecore-responder>)",
       "<ike ", 1, "<ike> attribute \"allow-legacy\": \"y\" is neither yes nor no"},

      {"two connections with one name", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net"/>
  </connection>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 2, "<connection> attribute \"name\": connection \"c\" is defined twice"},

      {"two children with one name", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net"/>
    <child name="net" local-ts="10.0.0.0/8"/>
  </connection>
</ikecore-responder>)",
       "<child", 2, "<child> attribute \"name\": child \"net\" is defined twice"},

      {"two pools with one name", R"(<ikecore-responder>
  <pool name="p" range="10.0.0.0/24"/>
  <pool name="p" range="10.0.1.0/24"/>
</ikecore-responder>)",
       "<pool", 2, "<pool> attribute \"name\": pool \"p\" is defined twice"},

      {"two EAP users with one name", R"(<ikecore-responder>
  <credentials>
    <eap-user name="alice" password="a"/>
    <eap-user name="alice" password="b"/>
  </credentials>
</ikecore-responder>)",
       "<eap-user", 2, "<eap-user> attribute \"name\": user \"alice\" is defined twice"},

      {"two <ike>", R"(<ikecore-responder>
  <ike/>
  <ike/>
</ikecore-responder>)",
       "<ike/", 2, "<ike>: only one <ike> is allowed"},

      {"two <credentials>", R"(<ikecore-responder>
  <credentials/>
  <timeouts/>
  <credentials/>
</ikecore-responder>)",
       "<credentials", 2, "<credentials>: only one <credentials> is allowed"},

      {"two <generated-pki>", R"(<ikecore-responder>
  <credentials>
    <generated-pki server-name="a.example"/>
    <generated-pki server-name="b.example"/>
  </credentials>
</ikecore-responder>)",
       "<generated-pki", 2, "<generated-pki>: only one <generated-pki> is allowed"},

      {"two <esp> in a child", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net">
      <esp/>
      <esp/>
    </child>
  </connection>
</ikecore-responder>)",
       "<esp", 2, "<esp>: only one <esp> per <child>"},

      {"two <client> in a connection", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <client dns="10.0.0.53"/>
    <client dns="10.0.0.54"/>
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<client", 2, "<client>: only one <client> per <connection>"},

      {"pool referenced before it is defined", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <client pool="clients"/>
    <child name="net"/>
  </connection>
  <pool name="clients" range="10.99.0.0/24"/>
</ikecore-responder>)",
       "<client", 1, "<client> attribute \"pool\": no <pool name=\"clients\"> (pools must come before connections)"},

      {"connection without a name", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1, "<connection> attribute \"name\": is required"},

      {"child with a blank name", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="  "/>
  </connection>
</ikecore-responder>)",
       "<child", 1, "<child> attribute \"name\": is required"},

      {"pool without a range", R"(<ikecore-responder>
  <pool name="p"/>
</ikecore-responder>)",
       "<pool", 1, "<pool> attribute \"range\": is required"},

      {"certificate without a key", R"(<ikecore-responder>
  <credentials>
    <certificate cert="server.crt"/>
  </credentials>
</ikecore-responder>)",
       "<certificate", 1, "<certificate> attribute \"key\": is required"},

      {"ca without a file", R"(<ikecore-responder>
  <credentials>
    <ca/>
  </credentials>
</ikecore-responder>)",
       "<ca", 1, "<ca> attribute \"file\": is required"},

      {"psk without remote-id", R"(<ikecore-responder>
  <credentials>
    <psk secret="s3cret"/>
  </credentials>
</ikecore-responder>)",
       "<psk", 1, "<psk> attribute \"remote-id\": is required"},

      {"eap-user without a password", R"(<ikecore-responder>
  <credentials>
    <eap-user name="alice" password=""/>
  </credentials>
</ikecore-responder>)",
       "<eap-user", 1, "<eap-user> attribute \"password\": is required"},

      {"psk with both secret and secret-hex", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret" secret-hex="0a0b"/>
  </credentials>
</ikecore-responder>)",
       "<psk", 1, "<psk>: needs exactly one of secret=\"...\" and secret-hex=\"...\""},

      {"psk with neither secret nor secret-hex", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com"/>
  </credentials>
</ikecore-responder>)",
       "<psk", 1, "<psk>: needs exactly one of secret=\"...\" and secret-hex=\"...\""},

      {"psk with an empty secret", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret=""/>
  </credentials>
</ikecore-responder>)",
       "<psk", 1, "<psk> attribute \"secret\": is empty"},

      {"psk with bad hex", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret-hex="0x1g"/>
  </credentials>
</ikecore-responder>)",
       "<psk", 1, "<psk> attribute \"secret-hex\": is not hex"},

      {"bad remote-id pattern", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" remote-id="*@" local-auth="psk" remote-auth="psk">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1,
       "<connection> attribute \"remote-id\": \"*@\" is not %any, an identity or *@domain / *.domain"},

      {"wrong root element", R"(<?xml version="1.0"?>
<strongswan>
  <connection name="c"/>
</strongswan>)",
       "<strongswan", 1, "<strongswan>: the document element must be <ikecore-responder>"},

      {"no connection", R"(<?xml version="1.0"?>

<ikecore-responder>
  <ike/>
</ikecore-responder>)",
       "<ikecore-responder", 1, "<ikecore-responder>: needs at least one <connection>"},

      {"connection without a child", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <client dns="10.0.0.53"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1, "<connection>: needs at least one <child>"},

      {"pubkey without a certificate", R"(<ikecore-responder>
  <credentials>
    <eap-user name="alice" password="pw"/>
  </credentials>
  <connection name="c" local-id="vpn.example">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1,
       "<connection> attribute \"local-auth\": pubkey needs a <certificate> or <generated-pki> in <credentials> "
       "(credentials must come first)"},

      {"EAP without users", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="eap">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1,
       "<connection> attribute \"remote-auth\": eap needs an <eap-user> in <credentials> (credentials must come first)"},

      {"credentials after the connection", R"(<ikecore-responder>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net"/>
  </connection>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
</ikecore-responder>)",
       "<connection", 1,
       "<connection>: psk authentication needs a <psk> in <credentials> (credentials must come first)"},

      {"psk authentication without a psk", R"(<ikecore-responder>
  <credentials>
    <eap-user name="alice" password="pw"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1,
       "<connection>: psk authentication needs a <psk> in <credentials> (credentials must come first)"},

      {"pubkey peers without a CA", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="pubkey">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1,
       "<connection> attribute \"remote-auth\": pubkey needs a <ca> (or <generated-pki>) in <credentials> to verify "
       "peers"},

      {"EAP for our own side", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="eap" remote-auth="psk">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1, "<connection> attribute \"local-auth\": \"eap\" is not one of pubkey, psk"},

      {"unknown EAP method", R"(<ikecore-responder>
  <credentials>
    <eap-user name="alice" password="pw"/>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" eap-methods="mschapv2, tls">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<connection", 1, "<connection> attribute \"eap-methods\": \"tls\" is not one of mschapv2, md5, gtc"},

      {"bad traffic selector", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net" local-ts="10.1.0.0/16, 10.2.0.0/33"/>
  </connection>
</ikecore-responder>)",
       "<child", 1, "<child> attribute \"local-ts\": \"10.2.0.0/33\" is not a traffic selector"},

      {"empty traffic selector list", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net" remote-ts=" , "/>
  </connection>
</ikecore-responder>)",
       "<child", 1, "<child> attribute \"remote-ts\": is empty"},

      {"bad DNS address", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <client dns="10.99.1.53, 10.99.1.300"/>
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<client", 1, "<client> attribute \"dns\": \"10.99.1.300\" is not an IP address"},

      {"IPv6 netmask", R"(<ikecore-responder>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <client netmask="ffff::"/>
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<client", 1, "<client> attribute \"netmask\": is not an IPv4 netmask"},

      {"bad pool range", R"(<ikecore-responder>
  <pool name="p" range="10.99.0.0/40"/>
</ikecore-responder>)",
       "<pool", 1, "<pool> attribute \"range\": \"10.99.0.0/40\" is not a range (10.99.0.0/24, a-b, or one address)"},

      {"generated PKI with no name to put in it", R"(<ikecore-responder>
  <credentials>
    <eap-user name="alice" password="pw"/>

    <generated-pki/>
  </credentials>
  <connection name="c" local-id="10.0.0.1">
    <child name="net"/>
  </connection>
</ikecore-responder>)",
       "<generated-pki", 1,
       "<generated-pki>: needs server-name=\"...\" (no connection has an FQDN local-id and local-auth=\"pubkey\")"},
  };

  for (const Case& c : cases) {
    INFO(c.what);
    const std::string expected =
        "t.xml:" + std::to_string(line_of_nth(c.text, c.needle, c.occurrence)) + ": " + c.tail;
    const std::string message = parse_error(c.text);
    INFO("expected: " << expected);
    INFO("got:      " << message);
    CHECK(starts_with(message, expected));
  }
}

TEST_CASE("not well-formed XML names the line the parser stopped at", "[headend][config]") {
  const std::string mismatch = R"(<ikecore-responder>
  <credentials>
    <eap-user name="alice" password="pw"/>
  </credential>
</ikecore-responder>
)";
  std::string m = parse_error(mismatch);
  INFO(m);
  CHECK(starts_with(m, "t.xml:" + std::to_string(line_of(mismatch, "</credential>")) + ": not well-formed XML: "));

  const std::string bad_attribute = R"(<ikecore-responder>
  <ike proposals=default/>
</ikecore-responder>
)";
  m = parse_error(bad_attribute);
  INFO(m);
  CHECK(starts_with(m, "t.xml:2: not well-formed XML: "));

  m = parse_error("");
  CHECK(starts_with(m, "t.xml:1: not well-formed XML: "));
}

TEST_CASE("lines are counted the same with CRLF line ends", "[headend][config]") {
  std::string text = R"(<ikecore-responder>
  <!-- a comment
       over two lines -->
  <timeouts eap="soon"/>
</ikecore-responder>
)";
  std::string crlf;
  for (char ch : text) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  const std::string expected = "t.xml:4: <timeouts> attribute \"eap\": \"soon\" is not a duration";
  CHECK(starts_with(parse_error(text), expected));
  CHECK(starts_with(parse_error(crlf), expected));
}

TEST_CASE("an attribute given twice is an error and not silently the first", "[headend][config]") {
  // XML 1.0 §3.1, well-formedness constraint "Unique Att Spec": an attribute
  // name must not appear more than once in one start-tag. Taking the first
  // value silently hides the second (here, the proposals actually wanted).
  const std::string text = R"(<ikecore-responder>
  <ike proposals="default" proposals="aes256gcm16-prfsha256-ecp384"/>
  <credentials>
    <psk remote-id="carol@example.com" secret="s3cret"/>
  </credentials>
  <connection name="c" local-id="vpn.example" local-auth="psk" remote-auth="psk">
    <child name="net"/>
  </connection>
</ikecore-responder>
)";
  auto c = parse_config(text, "t.xml", "/etc/ikecore");
  REQUIRE_FALSE(c.ok());
  std::string m(c.status().message());
  INFO(m);
  CHECK(starts_with(m, "t.xml:2: "));
  CHECK(m.find("proposals") != std::string::npos);
}

TEST_CASE("<dos> sets the cookie threshold and the limits", "[headend][config]") {
  auto config = headend::parse_config(R"(<ikecore-responder>
  <dos cookie-threshold="0" max-half-open="500" max-half-open-per-source="5" max-ike-sas="10000"/>
  <credentials><psk remote-id="a@example.com" secret="x"/></credentials>
  <connection name="c" local-auth="psk" remote-auth="psk"><child name="n"/></connection>
</ikecore-responder>)",
                                      "t.xml", "/tmp");
  REQUIRE(config.ok());
  CHECK(config->responder.cookie_threshold == 0);
  CHECK(config->responder.max_half_open == 500);
  CHECK(config->responder.max_half_open_per_source == 5);
  CHECK(config->responder.max_ike_sas == 10000);
  auto bad = headend::parse_config(R"(<ikecore-responder>
  <dos cookie-threshold="many"/>
</ikecore-responder>)",
                                   "t.xml", "/tmp");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).rfind("t.xml:2: <dos> attribute \"cookie-threshold\": ", 0) == 0);
}

TEST_CASE("<connection unique> maps to INITIAL_CONTACT handling", "[headend][config]") {
  auto text = [](const std::string& unique) {
    return R"(<ikecore-responder>
  <credentials><psk remote-id="a@example.com" secret="x"/></credentials>
  <connection name="c" local-auth="psk" remote-auth="psk" )" + unique + R"(><child name="n"/></connection>
</ikecore-responder>)";
  };
  auto by_default = headend::parse_config(text(""), "t.xml", "/tmp");
  REQUIRE(by_default.ok());
  CHECK(by_default->responder.connections[0].initial_contact_replaces);
  auto never = headend::parse_config(text("unique=\"never\""), "t.xml", "/tmp");
  REQUIRE(never.ok());
  CHECK_FALSE(never->responder.connections[0].initial_contact_replaces);
  auto bad = headend::parse_config(text("unique=\"keep\""), "t.xml", "/tmp");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).rfind("t.xml:3: <connection> attribute \"unique\": ", 0) == 0);
}
