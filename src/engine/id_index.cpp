#include "id_index.h"

namespace spotcheck::detail {

IdIndex::IdIndex(const std::vector<std::string_view>& ids) {
  // At most half full, so that a miss (a misspelt key) ends after a probe or two.
  std::size_t size = 16;
  while (size < 2 * ids.size()) size *= 2;
  slots_.assign(size, Slot{});
  mask_ = size - 1;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Key key = key_of(ids[i]);
    std::size_t slot = hash(key) & mask_;
    while (slots_[slot].size != kEmpty) slot = (slot + 1) & mask_;
    slots_[slot] = Slot{key.head, key.tail, static_cast<std::uint32_t>(ids[i].size()),
                        static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(text_.size())};
    text_ += ids[i];
  }
}

}  // namespace spotcheck::detail
