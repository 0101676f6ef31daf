// The responder engine's cost per IKE SA against the crypto floor of the
// same handshake (handshake_floor.h), and the memory an established SA
// keeps. The performance budget: CPU per IKE SA within 1.25x of the floor,
// at most 2 KiB of heap per established IKE SA and 4 KiB with one CHILD SA.
//
//   cmake --preset bench && cmake --build --preset bench && build/bench/bin/responder_bench [N]
//
// N clients (default 1000) connect one after another to one Responder, as
// in the reference measurement of strongSwan (PSK, Curve25519, AES-GCM-16,
// PRF-HMAC-SHA2-256): IKE_SA_INIT and IKE_AUTH, first without and then with
// a CHILD SA and a virtual address. Only the engine's calls are timed (the
// thread's CPU clock around feed / poll_output / poll_event); the test
// initiator's work is not. Memory is glibc's count of bytes in use
// (mallinfo2, which includes BoringSSL's allocations) and the resident set,
// each read before and after and divided by N, with every SA still open.
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "handshake_floor.h"
#include "ikecore/responder/memory_providers.h"
#include "ikecore/responder/responder.h"
#include "test_initiator.h"

using namespace ikecore;
using ikecore_bench::thread_cpu;

namespace {

size_t heap_in_use() { return mallinfo2().uordblks; }

size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

struct Figures {
  double cpu_us = 0;
  double floor_us = 0;
  double heap_bytes = 0;
  double rss_bytes = 0;
};

Figures measure(int n, bool child_sa) {
  BoringSslProvider crypto;
  MemoryCredentials credentials;
  MemoryAddressPool pool;
  RecordingInstaller installer;
  const std::string psk = "a shared secret for the benchmark";
  credentials.add_shared_key(*Identity::parse("client@bench.test"),
                             SecretBytes(ByteView(reinterpret_cast<const uint8_t*>(psk.data()), psk.size())));
  pool.add_pool("bench", *IpRange::parse("10.128.0.0/16"));

  ResponderConfig config;
  ConnectionPolicy c;
  c.name = "bench";
  c.local_id = *Identity::parse("vpn.bench.test");
  c.local_auth = AuthKind::kPsk;
  c.remote_auth = AuthKind::kPsk;
  c.attributes.pool = "bench";
  c.children.push_back(ChildPolicy{});
  c.children.back().name = "net";
  config.connections = {c};
  // IKECORE_BENCH_TRACE=1 prints the engine's trace (to find a failing step).
  TextTraceSink trace(std::cerr);
  Providers providers{.crypto = crypto,
                      .credentials = &credentials,
                      .pool = &pool,
                      .installer = &installer,
                      .trace = std::getenv("IKECORE_BENCH_TRACE") ? &trace : nullptr};
  Responder responder(config, providers);
  const Endpoint self = Endpoint::v4(192, 0, 2, 1, 500);
  const TimePoint now = Clock::now();

  auto engine = [&](const Datagram& in, std::chrono::nanoseconds& cpu) {
    auto start = thread_cpu();
    responder.feed(in, now);
    std::optional<Datagram> out = responder.poll_output();
    while (responder.poll_event()) {
    }
    cpu += thread_cpu() - start;
    if (!out) {
      std::fprintf(stderr, "responder_bench: no answer\n");
      std::exit(1);
    }
    return *out;
  };

  std::chrono::nanoseconds cpu{0};
  auto connect = [&](int i) {
    test::InitiatorOptions o;
    o.id = *Identity::parse("client@bench.test");
    o.psk = psk;
    o.ike_aead = true;
    o.child_sa = child_sa;
    o.request_address = child_sa;
    Endpoint peer = Endpoint::v4(10, static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8),
                                 static_cast<uint8_t>(i), 500);
    test::TestInitiator initiator(crypto, peer, self, o);
    if (!initiator.on_sa_init_response(engine(initiator.sa_init(), cpu)) ||
        !initiator.open(engine(initiator.first_auth(), cpu)) ||
        !initiator.responder_auth_ok(ByteView(reinterpret_cast<const uint8_t*>(psk.data()), psk.size()))) {
      std::fprintf(stderr, "responder_bench: client %d did not connect\n", i);
      std::exit(1);
    }
  };

  // One client first, so state built on first use (tables, BoringSSL's) is
  // not counted per SA.
  connect(0);
  cpu = std::chrono::nanoseconds(0);
  const size_t heap0 = heap_in_use(), rss0 = resident_bytes();
  for (int i = 1; i <= n; ++i) connect(i);

  Figures f;
  f.cpu_us = std::chrono::duration<double, std::micro>(cpu).count() / n;
  f.heap_bytes = (static_cast<double>(heap_in_use()) - static_cast<double>(heap0)) / n;
  f.rss_bytes = (static_cast<double>(resident_bytes()) - static_cast<double>(rss0)) / n;
  const size_t expected = static_cast<size_t>(n) + 1;
  if (responder.sa_count() != expected || installer.installed().size() != (child_sa ? expected : 0)) {
    std::fprintf(stderr, "responder_bench: %zu SAs, %zu CHILD SAs\n", responder.sa_count(), installer.installed().size());
    std::exit(1);
  }

  ikecore_bench::FloorProfile p = ikecore_bench::kFloorPskX25519AesGcm;
  p.child_sa = child_sa;
  ikecore_bench::HandshakeFloor floor(crypto, p);
  std::chrono::nanoseconds floor_cpu{0};
  for (int k = 0; k < n; ++k) floor_cpu += floor.run_once();
  f.floor_us = std::chrono::duration<double, std::micro>(floor_cpu).count() / n;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 1000;
  if (n <= 0) {
    std::fprintf(stderr, "usage: responder_bench [N]\n");
    return 2;
  }
  std::printf("responder_bench: %d clients one after another; PSK, Curve25519, AES-GCM-16-256, PRF-HMAC-SHA2-256\n", n);
  std::printf("%-20s %10s %10s %7s %10s %10s\n", "", "CPU/SA", "floor/SA", "ratio", "heap/SA", "RSS/SA");
  for (bool child : {false, true}) {
    Figures f = measure(n, child);
    std::printf("%-20s %7.1f us %7.1f us %7.2f %8.0f B %8.0f B\n", child ? "IKE SA + CHILD SA" : "IKE SA only", f.cpu_us,
                f.floor_us, f.cpu_us / f.floor_us, f.heap_bytes, f.rss_bytes);
  }
  std::printf("budget: ratio <= 1.25; heap <= 2048 B per IKE SA, <= 4096 B with a CHILD SA\n");
  return 0;
}
