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

// `message` as one line: keys and values quoted from the file, and the text nlohmann
// quotes after "last read:", may hold line breaks and other control characters (DEL
// included), which are written as escapes so that the error stays on its line.
std::string one_line(const std::string& message) {
  std::string out;
  for (const char c : message) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7f)
      out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else
      out += fmt::format("\\x{:02x}", b);
  }
  return out;
}

}  // namespace

void KbErrorReporter::fail(const nlohmann::json::json_pointer& where,
                           const std::string& message) const {
  const std::string pointer = where.to_string();
  const TextPosition at = text_position(text_, locate_pointer(text_, split_pointer(pointer)));
  throw KbError(one_line(fmt::format("{}:{}:{}: {}: {}", origin_, at.line, at.column,
                                     pointer.empty() ? "/" : pointer, message)));
}

void KbErrorReporter::fail_at(std::size_t offset, const std::string& message) const {
  const TextPosition at = text_position(text_, offset);
  throw KbError(one_line(fmt::format("{}:{}:{}: {}", origin_, at.line, at.column, message)));
}

}  // namespace spotcheck::detail
