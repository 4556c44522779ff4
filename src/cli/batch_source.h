// Cuts the input of `spotcheck batch` into blocks of cases: one case per non-blank line
// for NDJSON, one per record for CSV (where a quoted cell may span lines).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "batch_block_sizer.h"
#include "batch_line_reader.h"
#include "batch_pipeline.h"

namespace spotcheck::cli {

struct BlockLimits {
  /// Cases per block: enough that locking and waking threads cost nothing per case, few
  /// enough that the output of all blocks in flight stays small (a full result is ~3 KB).
  std::size_t max_items = 512;
  /// Input bytes per block (a block may exceed it by one case).
  std::size_t max_bytes = std::size_t{128} << 10;
  /// Pass on a partial block rather than wait for more input: for pipes and terminals,
  /// so each result leaves as soon as its case has arrived. Off for regular files, whose
  /// reads do not wait.
  bool stream = false;
  /// When set, it lowers max_items to what keeps each block's output near its target.
  const BlockSizer* sizer = nullptr;

  std::size_t item_limit() const { return sizer ? std::min(max_items, sizer->items()) : max_items; }
};

/// Blank means only spaces, tabs and a '\r': such lines are skipped, not cases.
bool is_blank(std::string_view line);

/// One case per non-blank line. Lines over the limit become too_long items.
class NdjsonSource : public BlockSource {
 public:
  NdjsonSource(LineReader& reader, BlockLimits limits) : reader_(reader), limits_(limits) {}
  bool fill(Block& block) override;

 private:
  LineReader& reader_;
  BlockLimits limits_;
};

/// One case per CSV record after the header. A record whose text passes max_record_bytes
/// (counting every line of it) becomes a too_long item, and the next line starts a new
/// record: an unbalanced quote cannot swallow the rest of the file.
class CsvSource : public BlockSource {
 public:
  CsvSource(LineReader& reader, BlockLimits limits, std::size_t max_record_bytes)
      : reader_(reader), limits_(limits), max_record_(max_record_bytes) {}

  struct Header {
    std::string text;
    std::uint64_t line = 0;
  };
  /// Reads the first record, the header; nothing for an input with no records. Throws
  /// Error (exit 65) if the header is longer than max_record_bytes; `origin` names the
  /// input in that message. Call before fill().
  std::optional<Header> read_header(const std::string& origin);

  bool fill(Block& block) override;

 private:
  LineReader::Status next_record(Block& block, bool may_read);

  LineReader& reader_;
  BlockLimits limits_;
  std::size_t max_record_;
};

}  // namespace spotcheck::cli
