#include "echo.h"

#include <algorithm>

#include <fmt/format.h>

namespace spotcheck::detail {

std::string echo(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::size_t cut = std::min(kMax, text.size());
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  std::string out;
  for (const char c : text.substr(0, cut)) {
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
  return cut < text.size() ? out + "..." : out;
}

}  // namespace spotcheck::detail
