// A hash table from ids to their index, made for the one look-up on the hot path of
// reading cases: every key of every case is a finding id to find.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace spotcheck::detail {

class IdIndex {
 public:
  IdIndex() = default;
  /// Indexes `ids`, which must be distinct; find() returns positions in it.
  explicit IdIndex(const std::vector<std::string_view>& ids);

  static constexpr std::size_t kMissing = static_cast<std::size_t>(-1);

  /// The id's position, or kMissing. (Not an optional: its flag, stored as a byte and
  /// read back as a word, stalled the store buffer on the hottest path.)
  std::size_t find(std::string_view id) const {
    const Key key = key_of(id);
    for (std::size_t slot = hash(key) & mask_;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.size == kEmpty) return kMissing;
      if (s.head == key.head && s.tail == key.tail && s.size == id.size() &&
          (id.size() <= 16 ||
           std::memcmp(id.data() + 8, text_.data() + s.offset + 8, id.size() - 16) == 0))
        return s.index;
    }
  }

 private:
  // An id's first and last eight bytes (zero-padded below eight) and its length: for ids
  // of up to 16 bytes, all of it, so that a look-up compares two words and touches no
  // other memory; longer ids compare their middle bytes too.
  struct Key {
    std::uint64_t head = 0, tail = 0;
  };
  struct Slot {
    std::uint64_t head = 0, tail = 0;
    std::uint32_t size = kEmpty;
    std::uint32_t index = 0;
    std::uint32_t offset = 0;  // of the id in text_
  };
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;

  // Reads the bytes with fixed-size loads that overlap rather than one copy of
  // id.size() bytes: such a copy goes through memory, and reading it back as a word
  // stalls until the bytes arrive.
  static Key key_of(std::string_view id) {
    const char* p = id.data();
    const std::size_t n = id.size();
    Key k;
    if (n >= 8) {
      k.head = load<std::uint64_t>(p);
      k.tail = load<std::uint64_t>(p + n - 8);
    } else if (n >= 4) {
      // Bytes [0, 4) and [n - 4, n); where they overlap they agree, so or-ing is exact.
      k.head = load<std::uint32_t>(p) | std::uint64_t{load<std::uint32_t>(p + n - 4)}
                                            << 8 * (n - 4);
    } else if (n > 0) {
      k.head = std::uint64_t{static_cast<unsigned char>(p[0])} |
               std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 * (n / 2) |
               std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 8 * (n - 1);
    }
    return k;
  }
  template <typename Word>
  static Word load(const char* p) {
    Word w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }
  static std::size_t hash(const Key& k) {
    std::uint64_t h = (k.head * 0x9E3779B97F4A7C15ull) ^ k.tail;
    h *= 0xBF58476D1CE4E5B9ull;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::string text_;  // every id, one after the other
};

}  // namespace spotcheck::detail
