// Reading typed or piped replies one line at a time, with a bound on their length so
// that a stray binary file on stdin cannot take all the memory.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>

namespace spotcheck::cli {

struct Line {
  std::string text;       ///< without its newline; cut at the bound when too long
  bool too_long = false;  ///< the line was longer than the bound (the rest was read and dropped)
};

/// The next line of `in`, or nothing at the end of input (a closed descriptor included). A
/// last line without a newline counts. Throws Error (exit 74) when reading fails.
std::optional<Line> read_line(std::FILE* in, std::size_t max_bytes);

}  // namespace spotcheck::cli
