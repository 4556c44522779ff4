// CSV syntax (RFC 4180) for `spotcheck batch --format csv`: where a record ends, and its
// cells. What the cells mean is batch_csv_case's business.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spotcheck::cli {

/// Whether a record is still inside a quoted field at the end of the physical line
/// `line`, given whether it was at its start. A quoted field may hold newlines, so a
/// record ends at the first line end outside quotes. A '"' opens a quoted field only at
/// the start of a cell (elsewhere it is an ordinary character), as in split_csv_record.
bool csv_ends_in_quotes(std::string_view line, bool in_quotes_at_start);

/// The cells of one record, unquoted and unescaped ("" -> "). Reused from record to record
/// so that splitting allocates nothing once warm.
class CsvRow {
 public:
  std::size_t size() const { return cells_.size(); }
  std::string_view cell(std::size_t i) const {
    return std::string_view(storage_).substr(cells_[i].begin, cells_[i].length);
  }
  /// Byte offset of the cell's first character (its opening quote, if quoted) in the record.
  std::size_t offset(std::size_t i) const { return cells_[i].offset; }

 private:
  friend struct CsvSplitter;
  struct Cell {
    std::size_t begin, length, offset;
  };
  std::string storage_;
  std::vector<Cell> cells_;
};

struct CsvSyntaxError {
  std::size_t offset = 0;  ///< byte offset in the record
  std::string message;
};

/// Splits one record (physical lines joined by '\n'; a final "\r" is ignored, so CRLF
/// files work) into `row`. On a syntax error (an unterminated quoted field, text after a
/// closing quote) returns it; `row` then holds the cells read before it.
std::optional<CsvSyntaxError> split_csv_record(std::string_view record, CsvRow& row);

}  // namespace spotcheck::cli
