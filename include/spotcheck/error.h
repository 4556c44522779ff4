// Errors that carry the exit code the CLI reports for them (see the README's exit codes).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace spotcheck {

/// Exit codes shared by the library and the CLI (sysexits.h values).
enum ExitCode : int {
  kExitOk = 0,
  kExitTriageReached = 1,  ///< --fail-on LEVEL was reached
  kExitUsage = 64,         ///< bad flag or flag value
  kExitData = 65,          ///< invalid case, batch line or knowledge base
  kExitNoInput = 66,       ///< an input file cannot be opened
  kExitInternal = 70,      ///< a bug
  kExitIo = 74,            ///< writing output failed
};

/// A 1-based line and column (columns in bytes) in a text, for messages that say where.
struct TextPosition {
  std::size_t line = 1, column = 1;
};

/// Line and column of byte `offset` of `text` (of its end when `offset` is past it).
TextPosition text_position(std::string_view text, std::size_t offset);

/// Base of every error spotcheck throws on purpose. what() is one line, ready to print
/// after "spotcheck: error: ".
class Error : public std::runtime_error {
 public:
  Error(const std::string& message, int exit_code)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

/// A knowledge base that is not valid JSON or breaks a rule of docs/kb-format.md.
/// The message is "ORIGIN:LINE:COLUMN: POINTER: what is wrong".
class KbError : public Error {
 public:
  explicit KbError(const std::string& message) : Error(message, kExitData) {}
};

}  // namespace spotcheck
