// The unit of work of `spotcheck batch`: a run of consecutive input cases and, once
// processed, their output. Blocks, not single cases, travel between threads, so that
// locking costs once per few hundred cases; and they are recycled, so that after the
// first few blocks a run allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <spotcheck/output_buffer.h>

namespace spotcheck::cli {

/// One input case inside Block::text.
struct WorkItem {
  std::size_t offset = 0;  ///< where its text starts in Block::text
  std::size_t length = 0;
  std::uint64_t line = 0;  ///< 1-based input line where the case starts
  /// Non-zero when the line was longer than --max-line-bytes: its length in bytes. Its
  /// text was never kept (length is 0), so an oversized line costs no memory.
  std::uint64_t too_long = 0;
};

/// Per-block counts, merged by the writer (so workers never share a counter).
struct BlockTally {
  std::uint64_t cases = 0;
  std::uint64_t errors = 0;
  std::vector<std::uint64_t> per_level;  ///< results per triage level index
  bool fail_on_reached = false;

  void reset(std::size_t levels) {
    cases = errors = 0;
    per_level.assign(levels, 0);
    fail_on_reached = false;
  }
};

struct Block {
  std::uint64_t seq = 0;  ///< position in the input: blocks are written in seq order
  // Input, filled by the reader.
  std::string text;
  std::vector<WorkItem> items;
  std::uint64_t input_end = 0;  ///< input bytes consumed up to the end of this block
  // Output, filled by a worker.
  OutputBuffer out;  ///< one NDJSON line per item, in item order
  std::string diag;  ///< stderr lines for the items that failed
  BlockTally tally;
  bool done = false;  ///< set by the worker under the pipeline's lock

  /// Frees any buffer that grew past `bytes` (an unusually long line or large results),
  /// so a recycled block does not keep the memory of its biggest use for ever.
  void release_oversized(std::size_t bytes) {
    for (std::string* s : {&text, &diag})
      if (s->capacity() > bytes) std::string().swap(*s);
    if (out.capacity() > bytes) out.release();
  }

  /// Empties the block for reuse, keeping the capacity of its buffers.
  void clear() {
    text.clear();
    items.clear();
    out.clear();
    diag.clear();
    input_end = 0;
    done = false;
  }
};

}  // namespace spotcheck::cli
