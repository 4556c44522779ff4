#include "line_input.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include <spotcheck/error.h>

namespace spotcheck::cli {

std::optional<Line> read_line(std::FILE* in, std::size_t max_bytes) {
  Line line;
  bool any = false;
  for (;;) {
    const int c = std::getc(in);
    if (c == EOF) {
      // A closed stdin (`<&-`) has nothing to say: the end of input, as for query.
      if (std::ferror(in) && errno != EBADF)
        throw Error(fmt::format("cannot read stdin: {}", std::strerror(errno)), kExitIo);
      break;
    }
    any = true;
    if (c == '\n') break;
    if (line.text.size() < max_bytes)
      line.text += static_cast<char>(c);
    else
      line.too_long = true;
  }
  if (!any) return std::nullopt;
  return line;
}

}  // namespace spotcheck::cli
