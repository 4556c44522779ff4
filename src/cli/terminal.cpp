#include "terminal.h"

#include <cstdlib>
#include <cstring>
#include <iterator>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spotcheck/knowledge_base.h>

namespace spotcheck::cli {

bool is_terminal(std::FILE* stream) {
  return isatty(fileno(stream)) == 1;
}

std::size_t output_width(std::FILE* stream) {
  constexpr std::size_t kDefault = 80, kNarrowest = 20, kWidest = 1000;
  std::size_t width = 0;
  struct winsize size {};
  if (is_terminal(stream) && ioctl(fileno(stream), TIOCGWINSZ, &size) == 0) width = size.ws_col;
  if (width == 0)
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
      char* end = nullptr;
      const unsigned long n = std::strtoul(columns, &end, 10);
      if (*end == '\0' && columns[0] != '-') width = n > kWidest ? kWidest : n;
    }
  if (width == 0) width = kDefault;
  return width < kNarrowest ? kNarrowest : width;
}

bool dumb_terminal() {
  const char* term = std::getenv("TERM");
  return term && std::strcmp(term, "dumb") == 0;
}

bool same_terminal(int fd_a, int fd_b) {
  if (isatty(fd_a) != 1 || isatty(fd_b) != 1) return false;
  struct stat a {
  }, b{};
  if (fstat(fd_a, &a) != 0 || fstat(fd_b, &b) != 0) return false;
  return a.st_rdev == b.st_rdev;
}

Style Style::for_stream(std::FILE* stream, ColorChoice choice) {
  if (choice == ColorChoice::kNever) return Style(false);
  if (choice == ColorChoice::kAlways) return Style(true);
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return Style(false);
  if (dumb_terminal()) return Style(false);
  return Style(is_terminal(stream));
}

std::string Style::wrap(std::string_view code, std::string_view s) const {
  if (!enabled_) return std::string(s);
  std::string out = "\x1b[";
  out += code;
  out += 'm';
  out += s;
  out += "\x1b[0m";
  return out;
}

std::string Style::level(std::string_view color, std::string_view s) const {
  // Parallel to kLevelColors; an unknown name (the loader refuses one) is bold.
  static constexpr std::string_view kCodes[] = {"1;97;41", "1;31", "1;33", "1;32",
                                                "1;34",    "1;36", "1;35", "1"};
  static_assert(std::size(kCodes) == std::size(kLevelColors));
  for (std::size_t i = 0; i < std::size(kLevelColors); ++i)
    if (color == kLevelColors[i]) return wrap(kCodes[i], s);
  return wrap("1", s);
}

}  // namespace spotcheck::cli
