#include "kb_error_reporter.h"

#include <fmt/format.h>

#include <spotcheck/error.h>

#include "json_locate.h"

namespace spotcheck::detail {
namespace {

// "/a/b~1c" -> {"a", "b/c"}
std::vector<std::string> split_pointer(const std::string& pointer) {
  std::vector<std::string> tokens;
  std::size_t start = 1;
  while (start <= pointer.size() && !pointer.empty()) {
    std::size_t end = pointer.find('/', start);
    if (end == std::string::npos) end = pointer.size();
    std::string token = pointer.substr(start, end - start);
    for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i)
      token.replace(i, 2, i + 1 < token.size() && token[i + 1] == '1' ? "/" : "~");
    tokens.push_back(std::move(token));
    start = end + 1;
  }
  return tokens;
}

}  // namespace

void KbErrorReporter::fail(const nlohmann::json::json_pointer& where,
                           const std::string& message) const {
  const std::string pointer = where.to_string();
  const TextPosition at = position_of(text_, locate_pointer(text_, split_pointer(pointer)));
  throw KbError(fmt::format("{}:{}:{}: {}: {}", origin_, at.line, at.column,
                            pointer.empty() ? "/" : pointer, message));
}

void KbErrorReporter::fail_at(std::size_t offset, const std::string& message) const {
  const TextPosition at = position_of(text_, offset);
  throw KbError(fmt::format("{}:{}:{}: {}", origin_, at.line, at.column, message));
}

}  // namespace spotcheck::detail
