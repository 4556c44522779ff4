#include "batch_source.h"

#include <fmt/format.h>

#include <spotcheck/error.h>

#include "batch_csv_syntax.h"

namespace spotcheck::cli {

bool is_blank(std::string_view line) {
  for (const char c : line)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

bool NdjsonSource::fill(Block& block) {
  LineReader::Line line;
  const std::size_t max_items = limits_.item_limit();
  while (block.items.size() < max_items && block.text.size() < limits_.max_bytes) {
    // Never wait for input while holding cases that could already be evaluated.
    const bool may_read = !limits_.stream || block.items.empty();
    if (reader_.next(line, may_read) != LineReader::Status::kLine) break;
    if (line.too_long) {
      block.items.push_back({block.text.size(), 0, line.number, line.too_long});
      continue;
    }
    if (is_blank(line.text)) continue;
    // One copy into the block, so the reader's buffer is free for the next read while
    // workers still hold this block.
    block.items.push_back({block.text.size(), line.text.size(), line.number, 0});
    block.text.append(line.text);
  }
  block.input_end = reader_.bytes_consumed();
  return !block.items.empty();
}

// Appends the next record (all of its lines) to block.text and an item for it.
LineReader::Status CsvSource::next_record(Block& block, bool may_read) {
  LineReader::Line line;
  LineReader::Status status;
  do {
    status = reader_.next(line, may_read);
    if (status != LineReader::Status::kLine) return status;
  } while (!line.too_long && is_blank(line.text));
  const std::size_t start = block.text.size();
  const std::uint64_t first_line = line.number;
  if (line.too_long) {
    block.items.push_back({start, 0, first_line, line.too_long});
    return status;
  }
  block.text.append(line.text);
  bool in_quotes = csv_ends_in_quotes(line.text, false);
  std::uint64_t too_long = 0;
  // Once a record has begun, its other lines are read even when that means waiting.
  while (in_quotes && reader_.next(line, true) == LineReader::Status::kLine) {
    const std::size_t so_far = block.text.size() - start;
    const std::uint64_t added = 1 + (line.too_long ? line.too_long : line.text.size());
    if (line.too_long || so_far + added > max_record_) {
      too_long = so_far + added;
      block.text.resize(start);
      break;
    }
    block.text += '\n';
    block.text.append(line.text);
    in_quotes = csv_ends_in_quotes(line.text, true);
  }
  // At the end of input inside quotes the record just ends; reading it reports the
  // unterminated field.
  if (too_long)
    block.items.push_back({start, 0, first_line, too_long});
  else
    block.items.push_back({start, block.text.size() - start, first_line, 0});
  return status;
}

std::optional<CsvSource::Header> CsvSource::read_header(const std::string& origin) {
  Block block;
  if (next_record(block, true) != LineReader::Status::kLine) return std::nullopt;
  const WorkItem& item = block.items.front();
  if (item.too_long)
    throw Error(fmt::format("{}:{}:1: the CSV header is {} bytes, longer than the limit of {} (see "
                            "--max-line-bytes)",
                            origin, item.line, item.too_long, max_record_),
                kExitData);
  return Header{std::move(block.text), item.line};
}

bool CsvSource::fill(Block& block) {
  const std::size_t max_items = limits_.item_limit();
  while (block.items.size() < max_items && block.text.size() < limits_.max_bytes) {
    const bool may_read = !limits_.stream || block.items.empty();
    if (next_record(block, may_read) != LineReader::Status::kLine) break;
  }
  block.input_end = reader_.bytes_consumed();
  return !block.items.empty();
}

}  // namespace spotcheck::cli
