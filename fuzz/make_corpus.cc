// Writes the seed corpora of the fuzz targets from the test vectors:
//   make_corpus CORPUS_DIR VECTOR_DIR...
// Every vector goes to message/ and roundtrip/; every payload of every vector
// starts a chain (that payload and the ones after it) in payload_<family>/;
// every EAP packet goes to eap/. Run by scripts/make_corpus.sh.
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
