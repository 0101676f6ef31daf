// Failure of a BoringSSL call: clears its thread-local error queue so no
// stale error is attributed to a later, unrelated call.
#pragma once

#include <openssl/err.h>

#include "absl/status/status.h"

namespace ikecore::boringssl {

inline absl::Status library_error(const char* what) {
  ERR_clear_error();
  return absl::InternalError(what);
}

}  // namespace ikecore::boringssl
