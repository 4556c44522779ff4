// What CSV cells mean for `spotcheck batch --format csv`: a header row of finding ids
// (and `id`), then one case per row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <spotcheck/case.h>
#include <spotcheck/knowledge_base.h>

#include "batch_csv_syntax.h"

namespace spotcheck::cli {

/// The columns of a CSV file, read from its header. Immutable once built, so one instance
/// serves every worker thread.
class CsvColumns {
 public:
  /// Reads the header record, which starts at line `line` of `origin`. Throws Error with
  /// exit code 65 ("ORIGIN:LINE:COL: unknown column 'fevr' (did you mean 'fever'?)") for a
  /// column that is not `id` or an input finding, a repeated or empty column name, or bad
  /// CSV syntax: a header that is wrong makes every row meaningless.
  CsvColumns(const KnowledgeBase& kb, std::string_view header, std::uint64_t line,
             const std::string& origin);

  std::size_t size() const { return finding_.size(); }

  /// Reads one row into `out` (cleared first); `row` is scratch space. An empty cell is
  /// unknown; booleans are true/false, yes/no or 1/0 (any case); numbers are checked
  /// against the finding's range; choices are the choice names. The id cell is echoed as
  /// a JSON string, and is set even when another cell is wrong. On error, the CaseError's
  /// line and column are relative to the record (line 1 is its first line).
  std::optional<CaseError> read_row(std::string_view record, CsvRow& row, Case& out) const;

 private:
  static constexpr std::size_t kIdColumn = static_cast<std::size_t>(-1);
  std::optional<CaseError> read_cell(std::size_t column, std::string_view cell, Case& out) const;

  const KnowledgeBase& kb_;
  std::vector<std::size_t> finding_;  // per column: finding index, or kIdColumn
  std::vector<std::string> names_;
};

}  // namespace spotcheck::cli
