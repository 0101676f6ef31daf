// ikecore-responder's configuration reader (examples/responder/config_file.h)
// and its proposal parser: the input is a whole configuration document. File
// names it mentions resolve below a directory that does not exist, so no
// file is read. The first byte chooses between the document and the two
// proposal parsers (the rest of the input is then a proposal list).
#include <cstdint>
#include <string>

#include "config_file.h"
#include "proposal_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto config = headend::parse_config(text, "fuzz.xml", "/nonexistent-fuzz-dir");
      // An accepted configuration has what the reader promises.
      if (config.ok() && config->responder.connections.empty()) __builtin_trap();
      if (!config.ok() && config.status().message().rfind("fuzz.xml:", 0) != 0) __builtin_trap();
      break;
    }
    case 1: (void)headend::parse_ike_proposals(text, data[0] & 4); break;
    case 2: (void)headend::parse_esp_proposals(text, data[0] & 4); break;
  }
  return 0;
}
