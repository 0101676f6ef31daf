// Parse and serialize throughput of seed messages, with heap allocations
// counted per operation (global operator new is instrumented below).
//
//   build/bench/bin/codec_bench            (preset "bench")
#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include <benchmark/benchmark.h>

#include "ikecore/wire/message.h"

namespace {
std::atomic<size_t> g_allocations{0};
}  // namespace

void* operator new(size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

ikecore::Bytes load_vector(const std::string& name) {
  ikecore::Bytes out;
  if (!ikecore::read_hex_file(std::string(IKECORE_SOURCE_DIR) + "/tests/vectors/seed/" + name, out) ||
      out.empty()) {
    std::fprintf(stderr, "cannot load vector %s\n", name.c_str());
    std::exit(1);
  }
  return out;
}

void bench_parse(benchmark::State& state, const char* file) {
  ikecore::Bytes wire = load_vector(file);
  ikecore::Message m;  // reused: its arena keeps its chunk between parses
  if (!ikecore::parse_message(wire, m).ok()) state.SkipWithError("vector does not parse");
  size_t before = g_allocations.load();
  for (auto _ : state) {
    ikecore::ParseError e = ikecore::parse_message(wire, m);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(m.payloads.data());
  }
  state.counters["allocs/parse"] =
      benchmark::Counter(static_cast<double>(g_allocations.load() - before) / static_cast<double>(state.iterations()));
  state.counters["payloads"] = static_cast<double>(m.payloads.size());
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(wire.size()));
}

void bench_serialize(benchmark::State& state, const char* file) {
  ikecore::Bytes wire = load_vector(file);
  ikecore::Message m;
  if (!ikecore::parse_message(wire, m).ok()) state.SkipWithError("vector does not parse");
  ikecore::Bytes out;
  out.reserve(wire.size());
  size_t before = g_allocations.load();
  for (auto _ : state) {
    if (!ikecore::serialize_message(m, out).ok()) state.SkipWithError("serialize failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["allocs/serialize"] =
      benchmark::Counter(static_cast<double>(g_allocations.load() - before) / static_cast<double>(state.iterations()));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(wire.size()));
}

}  // namespace

BENCHMARK_CAPTURE(bench_parse, msg01_ike_sa_init, "01-ike-sa-init-request.hex");
BENCHMARK_CAPTURE(bench_parse, msg03_ike_auth_plain, "03-ike-auth-request-plaintext.hex");
BENCHMARK_CAPTURE(bench_parse, msg12_ike_auth_plain_4k_cp, "12-ike-auth-response-plaintext.hex");
BENCHMARK_CAPTURE(bench_serialize, msg01_ike_sa_init, "01-ike-sa-init-request.hex");
BENCHMARK_CAPTURE(bench_serialize, msg03_ike_auth_plain, "03-ike-auth-request-plaintext.hex");
BENCHMARK_CAPTURE(bench_serialize, msg12_ike_auth_plain_4k_cp, "12-ike-auth-response-plaintext.hex");

BENCHMARK_MAIN();
