// Helpers shared by the tshark tests: capture records built by hand, a pcap
// writer (libpcap), running tshark, and temporary directories.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ikecore/base/bytes.h"

namespace ikecore::tshark {

// The seed's endpoints: the AnyConnect client and the ASA.
inline constexpr uint32_t kClientAddress = 0xc0a80101;  // 192.168.1.1
inline constexpr uint32_t kAsaAddress = 0x0a000001;     // 10.0.0.1

// One IPv4 datagram (raw-IP capture record) carrying `payload` as IP
// protocol `protocol`, with a correct header checksum.
Bytes ipv4_packet(uint8_t protocol, uint32_t src, uint32_t dst, ByteView payload);
// One IPv6 datagram (raw-IP capture record), `next_header` after the fixed header.
Bytes ipv6_packet(uint8_t next_header, ByteView src, ByteView dst, ByteView payload);

// One UDP/IPv4 datagram from `port` to `port`. Port 4500 carries the 4-byte
// non-ESP marker (RFC 3948 §2.2) in front of `payload` (an IKE message).
Bytes udp_packet(ByteView payload, uint16_t port, uint32_t src = kClientAddress, uint32_t dst = kAsaAddress);

// Writes raw-IP (DLT_RAW) records, one second apart.
void write_pcap(const std::string& path, const std::vector<Bytes>& packets);

// Runs a shell command, REQUIREs exit status 0, returns its standard output.
std::string run(const std::string& command);

// A new empty directory under /tmp (REQUIREd to succeed), and its removal
// with everything in it.
std::string make_temp_dir(const std::string& prefix);
void remove_tree(const std::string& dir);

}  // namespace ikecore::tshark
