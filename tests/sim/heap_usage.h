// Bytes of heap in use by the process, for tests that bound memory growth.
// glibc's mallinfo2() in plain builds; under AddressSanitizer, which
// replaces malloc (so mallinfo2() no longer sees the allocations), the
// sanitizer's own count of live allocations, which also charges each
// allocation its redzone.
#pragma once

#include <cstddef>

namespace ikecore::sim {

struct HeapUsage {
  size_t bytes = 0;
  bool sanitizer = false;  // counted by ASan (redzones included), not glibc
  bool available = false;
};

HeapUsage heap_usage();

}  // namespace ikecore::sim
