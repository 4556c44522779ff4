#include "batch_csv_syntax.h"

#include <algorithm>

namespace spotcheck::cli {

bool csv_ends_in_quotes(std::string_view line, bool in_quotes_at_start) {
  bool in_quotes = in_quotes_at_start;
  bool cell_start = !in_quotes_at_start;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes) {
      if (c != '"') continue;
      if (i + 1 < line.size() && line[i + 1] == '"') {
        ++i;  // "" is an escaped quote
      } else {
        in_quotes = false;
      }
    } else if (c == ',') {
      cell_start = true;
    } else {
      if (c == '"' && cell_start) in_quotes = true;
      cell_start = false;
    }
  }
  return in_quotes;
}

// Friend of CsvRow, so that the row's layout stays private to this file.
struct CsvSplitter {
  static std::optional<CsvSyntaxError> split(std::string_view record, CsvRow& row) {
    row.storage_.clear();
    row.cells_.clear();
    std::size_t n = record.size();
    if (n > 0 && record[n - 1] == '\r') --n;
    std::size_t i = 0;
    for (;;) {
      const std::size_t offset = i;
      const std::size_t begin = row.storage_.size();
      if (i < n && record[i] == '"') {
        ++i;
        for (;;) {
          const std::size_t quote = record.find('"', i);
          if (quote == std::string_view::npos || quote >= n) {
            // Keep what there is, for the id; the caller reports the error.
            row.storage_.append(record.substr(i, n - std::min(i, n)));
            row.cells_.push_back({begin, row.storage_.size() - begin, offset});
            return CsvSyntaxError{offset, "unterminated quoted field (a closing '\"' is missing)"};
          }
          row.storage_.append(record.substr(i, quote - i));
          i = quote + 1;
          if (i < n && record[i] == '"') {
            row.storage_ += '"';
            ++i;
            continue;
          }
          break;
        }
        row.cells_.push_back({begin, row.storage_.size() - begin, offset});
        if (i < n && record[i] != ',')
          return CsvSyntaxError{
              i,
              "unexpected text after a closing quote (write a '\"' inside a quoted field as \"\")"};
      } else {
        const std::size_t comma = std::min(record.find(',', i), n);
        row.storage_.append(record.substr(i, comma - i));
        row.cells_.push_back({begin, comma - i, offset});
        i = comma;
      }
      if (i >= n) return std::nullopt;
      ++i;  // the comma; a trailing one ends with an empty cell
    }
  }
};

std::optional<CsvSyntaxError> split_csv_record(std::string_view record, CsvRow& row) {
  return CsvSplitter::split(record, row);
}

}  // namespace spotcheck::cli
