#include "output.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include <spotcheck/error.h>

namespace spotcheck::cli {

Output Output::open_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f)
    throw Error(fmt::format("cannot open output file '{}': {}", path, std::strerror(errno)),
                kExitIo);
  Output out(f, path);
  out.owned_ = true;
  return out;
}

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

void Output::close() {
  flush();
  if (owned_) {
    owned_ = false;
    if (std::fclose(stream_) != 0) fail(errno);
  }
}

}  // namespace spotcheck::cli
