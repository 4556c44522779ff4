#include "echo.h"

#include <algorithm>

#include <fmt/format.h>

#include <spotcheck/answer.h>

namespace spotcheck::detail {

std::string echo(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::size_t cut = std::min(kMax, text.size());
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  const std::string out = escape_controls(text.substr(0, cut));
  return cut < text.size() ? out + "..." : out;
}

std::string escape_controls(std::string_view text) {
  std::string out;
  for (const char c : text) {
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

}  // namespace spotcheck::detail

namespace spotcheck {

std::string quote_for_message(std::string_view text) {
  return detail::echo(text);
}

}  // namespace spotcheck
