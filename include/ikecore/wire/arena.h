// A bump allocator for the substructure arrays of parsed messages.
//
// Parsing a message fills arrays of proposals, transforms, selectors and
// attributes. Allocating each from the heap would cost one allocation per
// payload; instead they come from chunks owned by the message, which are kept
// and reused when the message is parsed again (reset()). Only trivially
// destructible types are stored, so nothing needs destroying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#include "absl/types/span.h"

namespace ikecore {

class Arena {
 public:
  explicit Arena(size_t chunk_size = 4096) : chunk_size_(chunk_size) {}
  Arena(Arena&&) noexcept = default;
  Arena& operator=(Arena&&) noexcept = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Returns `n` value-initialised objects whose storage lives until reset().
  template <class T>
  absl::Span<T> make(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>,
                  "arena objects are never destroyed");
    if (n == 0) return {};
    void* p = allocate(n * sizeof(T), alignof(T));
    T* first = static_cast<T*>(p);
    for (size_t i = 0; i < n; ++i) new (first + i) T();
    return absl::Span<T>(first, n);
  }

  // Copies bytes into the arena (for messages built from temporaries).
  absl::Span<const uint8_t> copy(absl::Span<const uint8_t> data);

  // Forgets all objects; keeps the first chunk for the next parse.
  void reset();

  // Heap chunks currently held (for the benchmarks' allocation figures).
  size_t chunk_count() const { return chunks_.size(); }

 private:
  void* allocate(size_t size, size_t align);

  struct Chunk {
    std::unique_ptr<std::byte[]> data;
    size_t size;
  };
  size_t chunk_size_;
  std::vector<Chunk> chunks_;
  size_t used_ = 0;  // bytes used in chunks_.back()
};

}  // namespace ikecore
