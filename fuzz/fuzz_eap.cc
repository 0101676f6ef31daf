// EAP packets and, for Cisco's Expanded Type, the AnyConnect TLV list:
// parse, verify, serialize, parse again to the same structure.
#include <cstdint>

#include "ikecore/wire/eap_packet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ikecore::EapPacket packet;
  if (!ikecore::parse_eap(ikecore::ByteView(data, size), packet).ok()) return 0;
  (void)ikecore::verify_eap(packet);
  ikecore::Bytes out;
  if (!ikecore::serialize_eap(packet, out).ok()) __builtin_trap();
  ikecore::EapPacket again;
  if (!ikecore::parse_eap(out, again).ok() || !(again == packet)) __builtin_trap();
  // The TLV list is tried on any packet's data, so the fuzzer need not guess
  // the vendor fields first.
  ikecore::Arena arena;
  ikecore::Seq<ikecore::AnyConnectTlv> tlvs;
  if (!ikecore::parse_anyconnect_tlvs(packet.data, arena, tlvs).ok()) return 0;
  ikecore::Bytes tlv_bytes;
  if (!ikecore::serialize_anyconnect_tlvs(tlvs, tlv_bytes).ok()) __builtin_trap();
  ikecore::Arena arena2;
  ikecore::Seq<ikecore::AnyConnectTlv> tlvs2;
  if (!ikecore::parse_anyconnect_tlvs(tlv_bytes, arena2, tlvs2).ok() || !(tlvs == tlvs2)) __builtin_trap();
  return 0;
}
