// What the simulation tests share: the seed line every test prints (Catch2
// shows it on failure), and checks of the responder against the clients.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <utility>

#include "simulation.h"

namespace ikecore::sim {

// The seed of this run: IKECORE_SIM_SEED, else the test's own. Reported
// with every failure of the test case (Catch2 INFO is scoped, hence a macro).
#define IKECORE_SIM_SEED_INFO(seed) \
  INFO("seed " << (seed) << " (replay: IKECORE_SIM_SEED=" << (seed) << ")")

// With IKECORE_SIM_VERBOSE set, `line` goes to stderr (the run's counters
// when chasing a failure or tuning a test).
inline void report(const std::string& line) {
  if (std::getenv("IKECORE_SIM_VERBOSE")) std::cerr << line << "\n";
}

// The (SPIi, SPIr) pairs of the responder's SAs.
inline std::set<std::pair<uint64_t, uint64_t>> responder_spis(Simulation& sim) {
  std::set<std::pair<uint64_t, uint64_t>> spis;
  for (const IkeSaView& v : sim.responder().sas(sim.now())) spis.emplace(v.spi_i, v.spi_r);
  return spis;
}

}  // namespace ikecore::sim
