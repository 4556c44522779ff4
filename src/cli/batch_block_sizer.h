// Sizes blocks by the output they will make, so that memory stays flat whatever the
// options: a result with every field and `--top 0` is ten times the size of one with
// `--fields id,triage`, and the blocks in flight hold their output until it is written.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>

namespace spotcheck::cli {

/// Cases per block, learnt from the blocks already written: the reader asks items(), the
/// writer reports each block through observe(). The two run on different threads, hence
/// the atomic; a slightly stale value is harmless.
class BlockSizer {
 public:
  static constexpr std::size_t kMinItems = 16;  ///< so that even huge results amortise locking
  /// Before anything is known: small, as the first blocks fill every slot in flight.
  static constexpr std::size_t kFirstItems = 64;

  BlockSizer(std::size_t max_items, std::size_t target_output_bytes)
      : max_(std::max(max_items, kMinItems)),
        target_(target_output_bytes),
        items_(std::min(max_, kFirstItems)) {}

  std::size_t target_output_bytes() const { return target_; }

  std::size_t items() const { return items_.load(std::memory_order_relaxed); }

  /// A block of `items` cases made `output_bytes` of output: aim the next blocks at the
  /// target size.
  void observe(std::size_t items, std::size_t output_bytes) {
    if (items == 0 || output_bytes == 0) return;
    const std::size_t per_item = std::max<std::size_t>(1, output_bytes / items);
    items_.store(std::clamp(target_ / per_item, kMinItems, max_), std::memory_order_relaxed);
  }

 private:
  std::size_t max_, target_;
  std::atomic<std::size_t> items_;
};

}  // namespace spotcheck::cli
