#include "sim_random.h"

#include <cstdlib>
#include <string>

namespace ikecore::sim {

uint64_t seed_from_env(uint64_t fallback) {
  const char* text = std::getenv("IKECORE_SIM_SEED");
  if (!text || !*text) return fallback;
  // Base 0: "12345" and "0x3039" both work; an unparsable value falls back
  // rather than silently running seed 0.
  char* end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 0);
  return end && *end == '\0' ? static_cast<uint64_t>(v) : fallback;
}

}  // namespace ikecore::sim
