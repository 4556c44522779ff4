// The output file of `spotcheck batch -o FILE`, replaced whole or not at all, and the
// check that an input is not also the output.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <sys/types.h>

namespace spotcheck::cli {

/// Which file an open descriptor or a path is, for regular files only: other files
/// (terminals, pipes, /dev/null) are not data that writing could destroy.
struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const FileId&) const = default;
};
std::optional<FileId> regular_file_id(int fd);
/// Follows symbolic links; nothing when `path` does not exist.
std::optional<FileId> regular_file_id(const std::string& path);

/// A file written so that a run that fails or is interrupted never leaves it truncated
/// or half-written. The output goes to a temporary file in the same directory (so on the
/// same file system, where a rename is atomic), which commit() renames over the target.
/// Until then the target keeps its old content, or does not exist; without commit() the
/// destructor removes the temporary file.
///
/// The replaced file keeps the permission bits of the one it replaces (a new one gets
/// 0666 less the umask, as fopen would). A symbolic link is followed: the file it points
/// to is replaced and the link stays. A target that exists and is not a regular file (a
/// FIFO, /dev/null, a terminal) cannot be replaced; it is opened and written directly.
class OutputFile {
 public:
  /// Throws Error (exit 74) when the temporary file (or the target, when written
  /// directly) cannot be created; `path` names the target in messages.
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::FILE* stream() const { return stream_; }
  /// The temporary file's path; "" when the target is written directly.
  const std::string& temp_path() const { return temp_; }

  /// Flushes, syncs to disk, closes and renames the temporary file over the target (or
  /// just closes a target written directly). Throws Error (exit 74) on failure, after
  /// which the destructor still removes the temporary file.
  void commit();

 private:
  [[noreturn]] void fail(const char* what, int error) const;
  std::string path_;    // as the user gave it, for messages
  std::string target_;  // what is replaced: path_, or the file a link points to
  std::string temp_;
  std::FILE* stream_ = nullptr;
};

}  // namespace spotcheck::cli
