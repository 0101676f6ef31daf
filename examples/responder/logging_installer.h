// The CHILD SA installer of ikecore-responder: this host has no ESP stack it
// can program, so it allocates SPIs, keeps the record (RecordingInstaller)
// and prints each call: SPIs, addresses, selectors and algorithms, never keys.
#pragma once

#include <ostream>

#include "ikecore/responder/memory_providers.h"

namespace headend {

class LoggingInstaller : public ikecore::ChildSaInstaller {
 public:
  // `out` null: silent (ikecore-responder --quiet).
  explicit LoggingInstaller(std::ostream* out) : out_(out) {}
  absl::StatusOr<uint32_t> allocate_spi() override { return record_.allocate_spi(); }
  absl::Status install(const ikecore::ChildSaSpec& spec) override;
  void remove(uint32_t spi_in, uint32_t spi_out) override;
  size_t installed() const { return record_.installed().size(); }

 private:
  std::ostream* out_;
  ikecore::RecordingInstaller record_;
};

}  // namespace headend
