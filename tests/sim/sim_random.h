// The one source of randomness of a simulated run, and the seed it starts
// from. Every fault, start time and spoofed address is drawn here, so a run
// is repeated exactly by its seed.
#pragma once

#include <cstdint>
#include <random>

namespace ikecore::sim {

// IKECORE_SIM_SEED (decimal or 0x-hex) when set, else `fallback`: a failing
// run is replayed by exporting the seed it printed.
uint64_t seed_from_env(uint64_t fallback);

class SimRandom {
 public:
  explicit SimRandom(uint64_t seed) : engine_(seed) {}

  uint64_t next() { return engine_(); }
  // Uniform in [0, 1), from the top 53 bits. Written out rather than using
  // std::uniform_real_distribution, whose output the standard leaves to
  // each library: the same seed gives the same run everywhere.
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return p > 0 && unit() < p; }
  // Uniform in [0, n) (n > 0); the modulo bias is negligible for small n.
  uint64_t below(uint64_t n) { return engine_() % n; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace ikecore::sim
