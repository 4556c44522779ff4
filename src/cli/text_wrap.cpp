#include "text_wrap.h"

namespace spotcheck::cli {
namespace {

constexpr std::size_t kShortGroup = 30;  // columns: a parenthesis kept on one line

// Length of the list marker at the start of `s` ("- ", "12. "), or 0.
std::size_t marker_length(std::string_view s) {
  if (s.size() >= 2 && (s[0] == '-' || s[0] == '+' || s[0] == '!') && s[1] == ' ') return 2;
  std::size_t digits = 0;
  while (digits < s.size() && digits < 3 && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits > 0 && digits + 1 < s.size() && s[digits] == '.' && s[digits + 1] == ' ')
    return digits + 2;
  return 0;
}

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;  // up to the final byte
      continue;
    }
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string wrap_line(std::string_view line, std::size_t width, std::size_t hang) {
  std::size_t indent = 0;
  while (indent < line.size() && line[indent] == ' ') ++indent;
  std::string out(line.substr(0, indent));
  std::size_t column = indent;
  bool line_empty = true;  // nothing but the indent on the current line yet
  std::size_t i = indent;
  while (i < line.size()) {
    const std::size_t word_start = line.find_first_not_of(' ', i);
    if (word_start == std::string_view::npos) break;  // trailing spaces are dropped
    const std::size_t spaces = word_start - i;
    std::size_t word_end = line.find(' ', word_start);
    if (word_end == std::string_view::npos) word_end = line.size();
    // A short parenthesis, "(finding stiff_neck)", reads as one unit: kept on one line.
    if (line[word_start] == '(') {
      const std::size_t close = line.find(')', word_start);
      if (close != std::string_view::npos &&
          display_width(line.substr(word_start, close - word_start + 1)) <= kShortGroup) {
        word_end = line.find(' ', close);
        if (word_end == std::string_view::npos) word_end = line.size();
      }
    }
    // "--fever / --no-fever" is one flag's two spellings: never broken at its slash.
    while (line.substr(word_end).starts_with(" / ") && word_end + 3 < line.size() &&
           line[word_end + 3] != ' ') {
      word_end = line.find(' ', word_end + 3);
      if (word_end == std::string_view::npos) word_end = line.size();
    }
    const std::string_view word = line.substr(word_start, word_end - word_start);
    const std::size_t w = display_width(word);
    if (!line_empty && column + spaces + w > width) {
      out += '\n';
      out.append(hang, ' ');
      column = hang;
      line_empty = true;
    }
    if (!line_empty) {
      out.append(spaces, ' ');
      column += spaces;
    }
    out += word;
    column += w;
    line_empty = false;
    i = word_end;
  }
  return out;
}

std::string wrap_text(std::string_view text, std::size_t width) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const bool newline = end != std::string_view::npos;
    if (!newline) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    out += wrap_line(line, width, indent + marker_length(line.substr(indent)));
    if (newline) out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace spotcheck::cli
