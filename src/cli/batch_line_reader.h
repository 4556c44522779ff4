// Splits an input stream into lines, reading it in large blocks, for `spotcheck batch`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace spotcheck::cli {

/// Reads up to `size` bytes into `buffer`; returns 0 at the end of the input. Throws on a
/// read error. (A function rather than a file descriptor, so tests can feed odd chunks.)
using ReadFn = std::function<std::size_t(char* buffer, std::size_t size)>;

/// Hands out the lines of a stream as views into its own buffer, without copying them.
///
/// The buffer starts at `block_size` and grows only while a single line needs it, up to
/// max_line_bytes + block_size, so memory stays flat however long the input is. A line
/// longer than max_line_bytes is not kept: the reader skips to its end, and reports it
/// with its length in `too_long` (and empty text). A UTF-8 byte-order mark at the start
/// of the input is dropped. A last line without '\n' is still a line.
class LineReader {
 public:
  struct Line {
    std::string_view text;     ///< without the '\n' (a '\r' before it is kept)
    std::uint64_t number = 0;  ///< 1-based; blank lines count
    std::uint64_t too_long = 0;
  };
  enum class Status { kLine, kEnd, kWouldRead };

  LineReader(ReadFn read, std::size_t max_line_bytes,
             std::size_t block_size = std::size_t{1} << 20);

  /// The next line. With `may_read` false, returns kWouldRead instead of reading when no
  /// whole line is buffered: callers that stream use it to pass on what they have before
  /// they (possibly) wait for more input. The view is valid until the next call.
  Status next(Line& line, bool may_read = true);

  /// Input bytes up to the end of the last line returned (for progress).
  std::uint64_t bytes_consumed() const { return consumed_; }
  /// Current size of the read buffer (for tests of the memory bound).
  std::size_t buffer_size() const { return buf_.size(); }

 private:
  void refill();
  std::uint64_t skip_rest_of_line(std::size_t already);

  ReadFn read_;
  std::size_t max_line_;
  std::size_t block_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;   // start of the unread data
  std::size_t scan_ = 0;  // no '\n' in [pos_, scan_): where to resume looking
  std::size_t end_ = 0;   // end of the data in buf_
  bool eof_ = false;
  std::uint64_t line_number_ = 0;
  std::uint64_t consumed_ = 0;
};

}  // namespace spotcheck::cli
