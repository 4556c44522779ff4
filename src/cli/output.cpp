#include "output.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include <spotcheck/error.h>

namespace spotcheck::cli {

void Output::fail(int error) const {
  // A reader that went away (`| head`) is not an error: stop quietly and at once, even
  // with worker threads still running.
  if (error == EPIPE) std::_Exit(kExitOk);
  throw Error(fmt::format("cannot write to {}: {}", name_, std::strerror(error)), kExitIo);
}

void Output::write(std::string_view data) {
  if (data.empty()) return;
  if (std::fwrite(data.data(), 1, data.size(), stream_) != data.size()) fail(errno);
}

void Output::flush() {
  if (std::fflush(stream_) != 0 || std::ferror(stream_)) fail(errno ? errno : EIO);
}

}  // namespace spotcheck::cli
