// The demonstration PKI ikecore-responder makes when its configuration asks
// for one (<generated-pki>, as the embedded default does): a CA and an RSA
// server certificate, written once into the state directory and reused on
// later starts. Clients trust DIR/ca.crt.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace headend {

struct GeneratedPki {
  std::string ca_cert;      // DIR/ca.crt      (PEM)
  std::string server_cert;  // DIR/server.crt  (PEM, the leaf)
  std::string server_key;   // DIR/server.key  (PEM PKCS#8, mode 0600)
  bool created = false;     // false: the files were already there
};

// Makes DIR (mode 0700) and the three files unless all of them exist. The
// server certificate names `dns_names` as subjectAltName dNSNames (the first
// is also its CN), is valid from one day ago for ten years and is signed
// with SHA-256 by a 3072-bit RSA CA; the server key is 2048-bit RSA.
absl::StatusOr<GeneratedPki> ensure_generated_pki(const std::string& dir, const std::vector<std::string>& dns_names);

}  // namespace headend
