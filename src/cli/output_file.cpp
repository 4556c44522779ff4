#include "output_file.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <spotcheck/error.h>

namespace spotcheck::cli {
namespace {

std::optional<FileId> id_of(const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

// The permission bits fopen would give a new file: 0666 less the umask. umask() can only
// be read by setting it, so it is set back at once (no other thread runs yet).
mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

std::optional<FileId> regular_file_id(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::nullopt;
  return id_of(st);
}

std::optional<FileId> regular_file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return id_of(st);
}

OutputFile::OutputFile(const std::string& path) : path_(path), target_(path) {
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) fail("cannot write to", EISDIR);
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or a FIFO: there is nothing to replace, and renaming over /dev/null
    // would be a disaster. O_TRUNC is ignored by them.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail("cannot open output file", errno);
    stream_ = ::fdopen(fd, "wb");
    if (!stream_) {
      const int error = errno;
      ::close(fd);
      fail("cannot open output file", error);
    }
    return;
  }
  struct stat link {};
  if (exists && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    // Replace what the link points to, not the link.
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved)) target_ = resolved;
  }
  const std::size_t slash = target_.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : target_.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? target_ : target_.substr(slash + 1);
  // Hidden, and named after the target, so a leftover (after a crash) says what it was.
  temp_ = fmt::format("{}.{}.spotcheck-XXXXXX", dir, base);
  const int fd = ::mkostemp(temp_.data(), O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    temp_.clear();
    throw Error(fmt::format("cannot create a temporary file beside output file '{}': {}", path_,
                            std::strerror(error)),
                kExitIo);
  }
  // mkostemp makes it 0600: give it the mode the target has or would have.
  ::fchmod(fd, exists ? (st.st_mode & 07777) : new_file_mode());
  stream_ = ::fdopen(fd, "wb");
  if (!stream_) {
    const int error = errno;
    ::close(fd);
    fail("cannot open output file", error);
  }
}

OutputFile::~OutputFile() {
  if (stream_) std::fclose(stream_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::fail(const char* what, int error) const {
  throw Error(fmt::format("{} '{}': {}", what, path_, std::strerror(error)), kExitIo);
}

void OutputFile::commit() {
  std::FILE* f = stream_;
  stream_ = nullptr;
  if (std::fflush(f) != 0 || std::ferror(f)) {
    const int error = errno ? errno : EIO;
    std::fclose(f);
    fail("cannot write to", error);
  }
  // Without fsync a crash soon after the rename can leave the new name on an empty file
  // on some file systems; the cost is once per run.
  if (!temp_.empty() && ::fsync(fileno(f)) != 0 && errno != EINVAL) {
    const int error = errno;
    std::fclose(f);
    fail("cannot write to", error);
  }
  if (std::fclose(f) != 0) fail("cannot write to", errno);
  if (temp_.empty()) return;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot replace output file", errno);
  temp_.clear();
}

}  // namespace spotcheck::cli
