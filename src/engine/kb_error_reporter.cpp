#include "kb_error_reporter.h"

#include <fmt/format.h>

#include <spotcheck/error.h>

#include "json_locate.h"

namespace spotcheck::detail {
namespace {

// "/a/b~1c" -> {"a", "b/c"}
std::vector<std::string> split_pointer(const std::string& pointer) {
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '/') {
      tokens.emplace_back();
    } else if (pointer[i] == '~' && i + 1 < pointer.size()) {
      tokens.back() += pointer[++i] == '1' ? '/' : '~';
    } else if (!tokens.empty()) {
      tokens.back() += pointer[i];
    }
  }
  return tokens;
}

}  // namespace

void KbErrorReporter::fail(const nlohmann::json::json_pointer& where,
                           const std::string& message) const {
  const std::string pointer = where.to_string();
  const TextPosition at = text_position(text_, locate_pointer(text_, split_pointer(pointer)));
  throw KbError(fmt::format("{}:{}:{}: {}: {}", origin_, at.line, at.column,
                            pointer.empty() ? "/" : pointer, message));
}

void KbErrorReporter::fail_at(std::size_t offset, const std::string& message) const {
  const TextPosition at = text_position(text_, offset);
  throw KbError(fmt::format("{}:{}:{}: {}", origin_, at.line, at.column, message));
}

}  // namespace spotcheck::detail
