// Buffered writing to stdout (or a file) with the error policy of a well-behaved filter:
// a closed pipe ends the program quietly with success, any other write error is exit 74.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace spotcheck::cli {

class Output {
 public:
  /// Writes to `stream`, which the caller owns (see OutputFile for files); `name` appears
  /// in error messages ("stdout", a file name).
  Output(std::FILE* stream, std::string name) : stream_(stream), name_(std::move(name)) {}

  void write(std::string_view data);
  /// Flushes to the OS; on EPIPE exits the process with status 0 at once, on any other
  /// error throws Error with exit code 74.
  void flush();
  std::FILE* stream() const { return stream_; }

 private:
  [[noreturn]] void fail(int error) const;
  std::FILE* stream_;
  std::string name_;
};

}  // namespace spotcheck::cli
