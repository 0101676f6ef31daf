#include "ikecore/wire/arena.h"

#include <algorithm>
#include <cstring>

namespace ikecore {

void* Arena::allocate(size_t size, size_t align) {
  if (!chunks_.empty()) {
    Chunk& c = chunks_.back();
    size_t start = (used_ + align - 1) / align * align;
    if (start <= c.size && c.size - start >= size) {
      used_ = start + size;
      return c.data.get() + start;
    }
  }
  // operator new[] aligns to max_align_t, enough for every type stored here.
  size_t n = std::max(chunk_size_, size);
  chunks_.push_back(Chunk{std::make_unique<std::byte[]>(n), n});
  used_ = size;
  return chunks_.back().data.get();
}

absl::Span<const uint8_t> Arena::copy(absl::Span<const uint8_t> data) {
  if (data.empty()) return {};
  auto out = make<uint8_t>(data.size());
  std::memcpy(out.data(), data.data(), data.size());
  return out;
}

void Arena::reset() {
  if (chunks_.size() > 1) {
    // Merge into one chunk big enough for everything the last message used,
    // so parsing a message of the same shape again allocates nothing.
    size_t total = 0;
    for (const Chunk& c : chunks_) total += c.size;
    chunks_.clear();
    chunks_.push_back(Chunk{std::make_unique<std::byte[]>(total), total});
  }
  used_ = 0;
}

}  // namespace ikecore
