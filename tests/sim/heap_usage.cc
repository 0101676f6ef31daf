#include "heap_usage.h"

#if defined(__SANITIZE_ADDRESS__)
#define IKECORE_SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IKECORE_SIM_ASAN 1
#endif
#endif

#if defined(IKECORE_SIM_ASAN)
#if __has_include(<sanitizer/allocator_interface.h>)
#include <sanitizer/allocator_interface.h>
#else
// Public sanitizer API (libasan exports it); gcc's copy of the header is
// not always installed.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ikecore::sim {

HeapUsage heap_usage() {
  HeapUsage u;
#if defined(IKECORE_SIM_ASAN)
  // Freed chunks waiting in ASan's quarantine are already subtracted.
  u.bytes = __sanitizer_get_current_allocated_bytes();
  u.sanitizer = true;
  u.available = true;
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  u.bytes = mallinfo2().uordblks;  // bytes in chunks handed out and not freed
  u.available = true;
#endif
  return u;
}

}  // namespace ikecore::sim
