#include "tshark_util.h"

#include <pcap/pcap.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>

namespace ikecore::tshark {

Bytes ipv4_packet(uint8_t protocol, uint32_t src, uint32_t dst, ByteView payload) {
  Bytes out;
  ByteWriter w(out);
  const size_t total = 20 + payload.size();
  w.put_u8(0x45);
  w.put_u8(0);
  w.put_u16(static_cast<uint16_t>(total));
  w.put_u32(0);  // id, flags, fragment offset
  w.put_u8(64);
  w.put_u8(protocol);
  w.put_u16(0);  // header checksum, set below
  w.put_u32(src);
  w.put_u32(dst);
  uint32_t sum = 0;
  for (size_t i = 0; i < 20; i += 2) sum += static_cast<uint32_t>(out[i] << 8 | out[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  w.patch_u16(10, static_cast<uint16_t>(~sum));
  w.put_bytes(payload);
  return out;
}

Bytes ipv6_packet(uint8_t next_header, ByteView src, ByteView dst, ByteView payload) {
  REQUIRE(src.size() == 16);
  REQUIRE(dst.size() == 16);
  Bytes out;
  ByteWriter w(out);
  w.put_u32(0x60000000);  // version 6, traffic class 0, flow label 0
  w.put_u16(static_cast<uint16_t>(payload.size()));
  w.put_u8(next_header);
  w.put_u8(64);
  w.put_bytes(src);
  w.put_bytes(dst);
  w.put_bytes(payload);
  return out;
}

Bytes udp_packet(ByteView payload, uint16_t port, uint32_t src, uint32_t dst) {
  Bytes udp;
  ByteWriter w(udp);
  const size_t marker = port == 4500 ? 4 : 0;
  w.put_u16(port);
  w.put_u16(port);
  w.put_u16(static_cast<uint16_t>(8 + marker + payload.size()));
  w.put_u16(0);  // no UDP checksum (allowed over IPv4)
  w.put_zeros(marker);
  w.put_bytes(payload);
  return ipv4_packet(17, src, dst, udp);
}

void write_pcap(const std::string& path, const std::vector<Bytes>& packets) {
  pcap_t* dead = pcap_open_dead(DLT_RAW, 65535);
  REQUIRE(dead);
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  REQUIRE(dumper);
  for (size_t i = 0; i < packets.size(); ++i) {
    pcap_pkthdr h{};
    h.ts.tv_sec = static_cast<time_t>(1366700000 + i);
    h.caplen = h.len = static_cast<bpf_u_int32>(packets[i].size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &h, packets[i].data());
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  INFO(command);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return out;
}

std::string make_temp_dir(const std::string& prefix) {
  std::string path = "/tmp/" + prefix + "-XXXXXX";
  REQUIRE(mkdtemp(path.data()));
  return path;
}

void remove_tree(const std::string& dir) {
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace ikecore::tshark
