// Loads what ikecore-responder's configuration names into the in-memory
// providers: certificate chains and keys, trust anchors, PSKs, EAP users and
// address pools.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "config_file.h"
#include "generated_pki.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/responder/memory_providers.h"

namespace headend {

struct HeadendProviders {
  ikecore::MemoryCredentials credentials;
  ikecore::MemoryEapUsers users;
  ikecore::MemoryAddressPool pools;
};

// Every error names the file and the configuration line that named it.
absl::Status load_providers(const HeadendConfig& config, const std::optional<GeneratedPki>& generated,
                            ikecore::CryptoProvider& crypto, HeadendProviders& out);

}  // namespace headend
