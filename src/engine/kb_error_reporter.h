// Turns a JSON pointer into "ORIGIN:LINE:COL: POINTER: message" for knowledge-base errors.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace spotcheck::detail {

class KbErrorReporter {
 public:
  KbErrorReporter(std::string origin, std::string_view text)
      : origin_(std::move(origin)), text_(text) {}

  /// Throws KbError for the value at `where`.
  [[noreturn]] void fail(const nlohmann::json::json_pointer& where,
                         const std::string& message) const;
  /// Throws KbError for a syntax error at byte `offset`.
  [[noreturn]] void fail_at(std::size_t offset, const std::string& message) const;

 private:
  std::string origin_;
  std::string_view text_;
};

}  // namespace spotcheck::detail
