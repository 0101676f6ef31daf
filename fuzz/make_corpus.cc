// Writes the seed corpora of the fuzz targets from the test vectors:
//   make_corpus CORPUS_DIR VECTOR_DIR...
// Every vector goes to message/ and roundtrip/; every payload of every vector
// starts a chain (that payload and the ones after it) in payload_<family>/;
// every EAP packet goes to eap/; every IKE_SA_INIT request goes to responder/
// as that target's input (fuzz_responder.cc): sent, sent again, then left to
// time out. Run by scripts/make_corpus.sh.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "ikecore/wire/message.h"

namespace fs = std::filesystem;
using namespace ikecore;

namespace {

const std::map<PayloadType, std::string>& families() {
  static const std::map<PayloadType, std::string> m = {
      {PayloadType::kSa, "sa"},           {PayloadType::kKe, "ke"},
      {PayloadType::kIdi, "id"},          {PayloadType::kIdr, "id"},
      {PayloadType::kCert, "cert"},       {PayloadType::kCertReq, "certreq"},
      {PayloadType::kAuth, "auth"},       {PayloadType::kNonce, "nonce"},
      {PayloadType::kNotify, "notify"},   {PayloadType::kDelete, "delete"},
      {PayloadType::kVendorId, "vendor_id"}, {PayloadType::kTsi, "ts"},
      {PayloadType::kTsr, "ts"},          {PayloadType::kSk, "sk"},
      {PayloadType::kCp, "cp"},           {PayloadType::kEap, "eap"},
      {PayloadType::kSkf, "skf"},         {PayloadType::kCiscoFragment, "cisco_fragment"},
  };
  return m;
}

void write(const fs::path& dir, const std::string& name, ByteView data) {
  fs::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

// fuzz_responder.cc's input: mode 0 (no test initiator), then records
// [control][length (2 bytes)][bytes]: the datagram (action 0), its
// retransmission (action 6), 36 s of silence (action 5, n = 6).
Bytes responder_input(ByteView request) {
  Bytes in = {0x00, 0x00, static_cast<uint8_t>(request.size() >> 8), static_cast<uint8_t>(request.size())};
  in.insert(in.end(), request.begin(), request.end());
  in.insert(in.end(), {0x06, 0x00, 0x00, 0x65, 0x00, 0x00});
  return in;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_corpus CORPUS_DIR VECTOR_DIR...\n");
    return 2;
  }
  fs::path corpus(argv[1]);
  int files = 0;
  for (int d = 2; d < argc; ++d)
  for (const auto& entry : fs::directory_iterator(argv[d])) {
    if (entry.path().extension() != ".hex") continue;
    std::string stem = entry.path().stem().string();
    Bytes wire;
    Message m;
    if (!read_hex_file(entry.path().string(), wire) || wire.empty() || !parse_message(wire, m).ok()) {
      std::fprintf(stderr, "skipping %s: does not parse\n", entry.path().c_str());
      continue;
    }
    write(corpus / "message", stem, wire);
    write(corpus / "roundtrip", stem, wire);
    if (m.header.exchange == ExchangeType::kIkeSaInit && !m.header.response())
      write(corpus / "responder", stem, responder_input(wire));
    // Walk the generic headers to find where each payload starts.
    size_t at = Header::kSize;
    for (size_t i = 0; i < m.payloads.size(); ++i) {
      const Payload& p = m.payloads[i];
      size_t len = static_cast<size_t>(wire[at + 2] << 8 | wire[at + 3]);
      auto family = families().find(p.type);
      if (family != families().end()) {
        std::string name = stem + "-" + std::to_string(i);
        write(corpus / ("payload_" + family->second), name, ByteView(wire).subspan(at));
        if (const auto* eap = p.get<EapPayload>()) write(corpus / "eap", name, eap->packet);
      }
      at += len;
    }
    ++files;
  }
  std::printf("wrote corpora from %d vectors into %s\n", files, argv[1]);
  return files > 0 ? 0 : 1;
}
