// ikecore-decode: prints IKEv2 messages given as hex dumps or in a packet
// capture, parsed and verified by ikecore, rendered with describe().
//
// Exit status: 0 when every message decoded and verified, 1 when any did not
// (or an input could not be read), 2 for a usage error.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "ikecore/base/bytes.h"
#include "ikecore/wire/describe.h"
#include "ikecore/wire/message.h"
#include "ikecore/wire/rules.h"
#include "ikecore/wire/verify.h"

#ifndef IKECORE_DECODE_NO_PCAP
#include <arpa/inet.h>
#include <pcap/pcap.h>
#endif

namespace {

using ikecore::Bytes;
using ikecore::ByteView;

constexpr char kUsage[] = R"(usage: ikecore-decode [--show-secrets] [FILE...]
       ikecore-decode [--show-secrets] --pcap CAPTURE [--pcap CAPTURE...] [FILE...]

Prints each IKEv2 message parsed and verified, rendered as text.

FILE      hex dumps of IKEv2 messages; standard input when no FILE and no
          --pcap is given ("-" also names standard input). One message per
          block of lines; blocks are separated by blank lines. White space,
          "0x" prefixes and ':' separators are ignored, '#' starts a comment
          that runs to the end of the line. A leading 4-byte zero non-ESP
          marker (RFC 3948) is stripped.
--pcap CAPTURE
          a pcap or pcapng capture (Ethernet, Linux cooked SLL / SLL2, raw
          IP or BSD loopback link types): every UDP datagram to or from port
          500 or 4500 is decoded. On port 4500 NAT keepalives and ESP packets
          are skipped and the non-ESP marker is stripped. IP fragments are
          not reassembled (a note is printed on stderr).
--show-secrets
          print credentials too (AnyConnect passwords and form answers, EAP
          GTC / MD5 / MS-CHAPv2 responses), which are hidden by default.
-h, --help
          this text.

In FILEs, messages of exchanges protected by SK (all but IKE_SA_INIT) that
carry no SK, SKF or Cisco fragment payload are taken as a plaintext test
vector: the header followed by the decrypted inner chain, verified as such.
In captures such a message is what it is on the wire: invalid.

Errors go to stderr, one line each ("message N: offset X: ..."); decoding
goes on with the next message. Exit status 0 when every message decoded and
verified, 1 otherwise, 2 for a usage error.
)";

// One message to decode, with where it came from; `error` for bad input.
struct Datagram {
  std::string source;
  Bytes bytes;
  std::string error;
  bool captured = false;  // from --pcap: never a plaintext-form test vector
};

// RFC 3948 §2.2: the four zero bytes that precede IKE on port 4500.
bool has_non_esp_marker(ByteView d) { return d.size() >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0; }

// ---------------------------------------------------------------------------
// Hex dumps

struct HexLine {
  int number;
  std::string text;  // comment removed
};

bool is_hex_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':'; }

// Why from_hex refused a block: the first junk character, or an odd count.
std::string hex_problem(const std::vector<HexLine>& lines, const std::string& name, int first_line) {
  size_t digits = 0;
  for (const HexLine& l : lines) {
    const std::string& t = l.text;
    for (size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      if (is_hex_space(c)) continue;
      if (c == '0' && digits % 2 == 0 && i + 1 < t.size() && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
        ++i;
        continue;
      }
      if (std::isxdigit(static_cast<unsigned char>(c))) {
        ++digits;
        continue;
      }
      std::string what = std::isprint(static_cast<unsigned char>(c))
                             ? absl::StrFormat("'%c'", c)
                             : absl::StrFormat("byte 0x%02x", static_cast<unsigned char>(c));
      return absl::StrFormat("bad hex: %s line %d column %d: unexpected character %s", name, l.number, i + 1, what);
    }
  }
  return absl::StrFormat("bad hex: %s line %d: odd number of hex digits", name, first_line);
}

bool is_blank(const std::string& s) {
  return s.find_first_not_of(" \t\r") == std::string::npos;
}

void finish_block(std::vector<HexLine>& lines, bool has_digits, const std::string& name,
                  std::vector<Datagram>& out) {
  if (has_digits) {
    Datagram d;
    auto first = std::find_if(lines.begin(), lines.end(), [](const HexLine& l) { return !is_blank(l.text); });
    d.source = absl::StrFormat("%s:%d", name, first->number);
    std::string text;
    for (const HexLine& l : lines) text += l.text + "\n";
    if (!ikecore::from_hex(text, d.bytes)) {
      d.bytes.clear();
      d.error = hex_problem(lines, name, first->number);
    } else if (has_non_esp_marker(d.bytes)) {
      d.bytes.erase(d.bytes.begin(), d.bytes.begin() + 4);
    }
    out.push_back(std::move(d));
  }
  lines.clear();
}

void read_hex(std::istream& in, const std::string& name, std::vector<Datagram>& out) {
  std::vector<HexLine> block;
  bool has_digits = false;
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    if (is_blank(raw)) {  // a comment-only line does not end a block
      finish_block(block, has_digits, name, out);
      has_digits = false;
      continue;
    }
    std::string text = raw.substr(0, raw.find('#'));
    has_digits = has_digits || !is_blank(text);
    block.push_back({number, text});
  }
  finish_block(block, has_digits, name, out);
}

bool read_hex_file(const std::string& path, std::vector<Datagram>& out) {
  if (path == "-") {
    read_hex(std::cin, "stdin", out);
    return true;
  }
  std::ifstream in(path);
  if (!in) {
    std::cerr << "ikecore-decode: cannot open " << path << ": " << std::strerror(errno) << "\n";
    return false;
  }
  read_hex(in, path, out);
  return true;
}

// ---------------------------------------------------------------------------
// Captures

#ifndef IKECORE_DECODE_NO_PCAP

uint16_t be16(ByteView d, size_t at) { return static_cast<uint16_t>(d[at] << 8 | d[at + 1]); }

// An IP packet's addresses and transport payload.
struct IpPacket {
  std::string src, dst;
  uint8_t protocol = 0;
  ByteView payload;
  bool fragment = false;
};

std::string ip_text(int family, const uint8_t* a) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, a, buf, sizeof buf);
  return buf;
}

bool parse_ipv4(ByteView d, IpPacket& ip) {
  if (d.size() < 20 || d[0] >> 4 != 4) return false;
  size_t header = static_cast<size_t>(d[0] & 0x0f) * 4;
  size_t total = be16(d, 2);
  if (header < 20 || total < header || d.size() < header) return false;
  ip.src = ip_text(AF_INET, &d[12]);
  ip.dst = ip_text(AF_INET, &d[16]);
  ip.protocol = d[9];
  ip.fragment = (be16(d, 6) & 0x3fff) != 0;  // MF set or a fragment offset
  ip.payload = d.subspan(header, std::min(total, d.size()) - header);  // drops link-layer padding
  return true;
}

bool parse_ipv6(ByteView d, IpPacket& ip) {
  if (d.size() < 40 || d[0] >> 4 != 6) return false;
  ip.src = ip_text(AF_INET6, &d[8]);
  ip.dst = ip_text(AF_INET6, &d[24]);
  size_t length = be16(d, 4);
  ByteView rest = d.subspan(40, length == 0 ? d.size() - 40 : std::min(length, d.size() - 40));
  uint8_t next = d[6];
  // Extension headers: hop-by-hop, routing, destination options, AH.
  while (next == 0 || next == 43 || next == 60 || next == 51 || next == 44) {
    if (rest.size() < 8) return false;
    if (next == 44) ip.fragment = true;
    size_t len = next == 44 ? 8 : next == 51 ? (static_cast<size_t>(rest[1]) + 2) * 4 : (rest[1] + 1u) * 8;
    if (len > rest.size()) return false;
    next = rest[0];
    rest = rest.subspan(len);
  }
  ip.protocol = next;
  ip.payload = rest;
  return true;
}

bool parse_ip(ByteView d, IpPacket& ip) {
  if (d.empty()) return false;
  return d[0] >> 4 == 4 ? parse_ipv4(d, ip) : parse_ipv6(d, ip);
}

// The IP packet inside a frame of link type `dlt`; false when not IP.
bool link_payload(int dlt, ByteView frame, ByteView& ip) {
  size_t at = 0;
  uint16_t ethertype = 0;
  switch (dlt) {
    case DLT_EN10MB:
      at = 12;
      while (frame.size() >= at + 2 && (be16(frame, at) == 0x8100 || be16(frame, at) == 0x88a8)) at += 4;
      if (frame.size() < at + 2) return false;
      ethertype = be16(frame, at);
      at += 2;
      break;
    case DLT_LINUX_SLL:
      if (frame.size() < 16) return false;
      ethertype = be16(frame, 14);
      at = 16;
      break;
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
      if (frame.size() < 20) return false;
      ethertype = be16(frame, 0);
      at = 20;
      break;
#endif
    case DLT_NULL:
    case DLT_LOOP:
      at = 4;  // address family; the IP version tells the rest
      break;
    default:  // DLT_RAW, DLT_IPV4, DLT_IPV6
      break;
  }
  if (ethertype != 0 && ethertype != 0x0800 && ethertype != 0x86dd) return false;
  if (frame.size() <= at) return false;
  ip = frame.subspan(at);
  return true;
}

bool supported_link_type(int dlt) {
  switch (dlt) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
#endif
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
    case DLT_NULL:
    case DLT_LOOP: return true;
    default: return false;
  }
}

// Adds the IKE message a captured frame carries, if any.
void take_frame(int dlt, ByteView frame, const std::string& where, std::vector<Datagram>& out) {
  ByteView l3;
  IpPacket ip;
  if (!link_payload(dlt, frame, l3) || !parse_ip(l3, ip) || ip.protocol != 17) return;
  if (ip.fragment) {
    std::cerr << "ikecore-decode: " << where << ": IP fragment skipped (not reassembled)\n";
    return;
  }
  ByteView udp = ip.payload;
  if (udp.size() < 8) return;
  uint16_t sport = be16(udp, 0), dport = be16(udp, 2);
  size_t length = be16(udp, 4);
  if (length < 8) return;
  bool nat_t = sport == 4500 || dport == 4500;
  if (!nat_t && sport != 500 && dport != 500) return;
  ByteView data = udp.subspan(8, std::min(length, udp.size()) - 8);
  if (nat_t) {
    if (data.size() == 1 && data[0] == 0xff) return;              // RFC 3948 §2.3 NAT keepalive
    if (data.size() >= 4 && !has_non_esp_marker(data)) return;    // ESP
    if (data.size() >= 4) data = data.subspan(4);
  }
  Datagram d;
  bool v6 = ip.src.find(':') != std::string::npos;
  d.source = v6 ? absl::StrFormat("%s [%s]:%d -> [%s]:%d", where, ip.src, sport, ip.dst, dport)
                : absl::StrFormat("%s %s:%d -> %s:%d", where, ip.src, sport, ip.dst, dport);
  d.bytes.assign(data.begin(), data.end());
  d.captured = true;
  out.push_back(std::move(d));
}

bool read_pcap(const std::string& path, std::vector<Datagram>& out) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline(path.c_str(), errbuf);
  if (!p) {
    std::cerr << "ikecore-decode: " << path << ": " << errbuf << "\n";
    return false;
  }
  int dlt = pcap_datalink(p);
  bool ok = supported_link_type(dlt);
  if (!ok) std::cerr << "ikecore-decode: " << path << ": unsupported link type " << dlt << "\n";
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = 0;
  for (size_t n = 1; ok && (rc = pcap_next_ex(p, &header, &data)) == 1; ++n)
    take_frame(dlt, ByteView(data, header->caplen), absl::StrFormat("%s packet %d", path, n), out);
  if (rc == PCAP_ERROR) {
    std::cerr << "ikecore-decode: " << path << ": " << pcap_geterr(p) << "\n";
    ok = false;
  }
  pcap_close(p);
  return ok;
}

#else

bool read_pcap(const std::string& path, std::vector<Datagram>&) {
  std::cerr << "ikecore-decode: " << path << ": built without libpcap; --pcap is not available\n";
  return false;
}

#endif

// ---------------------------------------------------------------------------
// Decoding

// Offset in the message of payload `index`, walking the generic headers.
size_t payload_offset(ByteView datagram, int index) {
  size_t at = ikecore::Header::kSize;
  for (int i = 0; i < index && at + 4 <= datagram.size(); ++i)
    at += static_cast<size_t>(datagram[at + 2] << 8 | datagram[at + 3]);
  return at;
}

bool carries_encrypted(const ikecore::Message& m) {
  using ikecore::PayloadType;
  return m.count(PayloadType::kSk) + m.count(PayloadType::kSkf) + m.count(PayloadType::kCiscoFragment) > 0;
}

bool is_plaintext_form(const ikecore::Message& m) {
  const ikecore::ExchangeRules* rules = ikecore::rules_for(m.header.exchange, m.header.response());
  return rules && rules->uses_sk && !carries_encrypted(m);
}

void report(size_t n, ikecore::ParseError e, ByteView datagram) {
  std::cout.flush();  // keep the order of stdout and stderr on one terminal
  if (e.payload_index >= 0) e.offset = payload_offset(datagram, e.payload_index);
  std::cerr << absl::StrFormat("message %d: %s\n", n, ikecore::to_string(e));
}

bool decode(size_t n, const Datagram& d, const ikecore::DescribeOptions& options) {
  if (!d.error.empty()) {
    std::cout.flush();
    std::cerr << absl::StrFormat("message %d: %s\n", n, d.error);
    return false;
  }
  ikecore::Message m;
  if (ikecore::ParseError e = ikecore::parse_message(d.bytes, m); !e.ok()) {
    report(n, e, d.bytes);
    return false;
  }
  bool plaintext = !d.captured && is_plaintext_form(m);
  ikecore::ParseError e = plaintext ? ikecore::verify_inner(m.header, m.payloads) : ikecore::verify_message(m);
  std::cout << absl::StrFormat("message %d (%s)%s\n", n, d.source, plaintext ? " (plaintext form)" : "")
            << ikecore::describe(m, options) << "\n";
  if (!e.ok()) {
    report(n, e, d.bytes);
    return false;
  }
  return true;
}

// The inputs in command-line order.
struct Input {
  bool capture;
  std::string path;
};

// 0: go on; otherwise the exit status.
int parse_args(int argc, char** argv, std::vector<Input>& inputs, ikecore::DescribeOptions& options) {
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (options_done || a == "-" || a.empty() || a[0] != '-') {
      inputs.push_back({false, a});
    } else if (a == "--") {
      options_done = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return -1;
    } else if (a == "--show-secrets") {
      options.show_secrets = true;
    } else if (a == "--pcap" && i + 1 < argc) {
      inputs.push_back({true, argv[++i]});
    } else if (a.rfind("--pcap=", 0) == 0) {
      inputs.push_back({true, a.substr(7)});
    } else {
      std::cerr << "ikecore-decode: " << (a == "--pcap" ? "--pcap needs a file" : "unknown option " + a)
                << "\n(try --help)\n";
      return 2;
    }
  }
  if (inputs.empty()) inputs.push_back({false, "-"});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Input> inputs;
  ikecore::DescribeOptions options;
  if (int rc = parse_args(argc, argv, inputs, options); rc != 0) return rc < 0 ? 0 : rc;
  bool ok = true;
  std::vector<Datagram> datagrams;
  for (const Input& in : inputs)
    ok = (in.capture ? read_pcap(in.path, datagrams) : read_hex_file(in.path, datagrams)) && ok;
  for (size_t i = 0; i < datagrams.size(); ++i) ok = decode(i + 1, datagrams[i], options) && ok;
  return ok ? 0 : 1;
}
