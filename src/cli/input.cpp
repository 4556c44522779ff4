#include "input.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <spotcheck/error.h>

namespace spotcheck::cli {

std::string read_input(const std::string& path, const char* what, std::size_t max_bytes) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f)
    throw Error(fmt::format("cannot open {} '{}': {}", what, path, std::strerror(errno)),
                kExitNoInput);
  const std::string name = path == "-" ? "<stdin>" : path;
  const auto too_big = [&] {
    if (f != stdin) std::fclose(f);
    return Error(
        fmt::format("{} '{}' is larger than the limit of {} MiB", what, name, max_bytes >> 20),
        kExitData);
  };
  struct stat st {};
  if (::fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<std::uint64_t>(st.st_size) > max_bytes)
    throw too_big();
  std::string text;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    if (text.size() + n > max_bytes) throw too_big();
    text.append(buffer, n);
  }
  const bool failed = std::ferror(f) != 0;
  const int error = errno;
  if (f != stdin) std::fclose(f);
  if (failed)
    throw Error(fmt::format("cannot read {} '{}': {}", what, name, std::strerror(error)),
                kExitNoInput);
  return text;
}

std::optional<std::string> read_redirected_stdin(const char* what, std::size_t max_bytes) {
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) != 0) return std::nullopt;
  if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode) && !S_ISREG(st.st_mode)) return std::nullopt;
  std::string text = read_input("-", what, max_bytes);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return text;
}

std::string knowledge_base_path(int argc, char** argv) {
  // The last --kb wins, as the parser later agrees (and as with any repeated option).
  std::optional<std::string> chosen;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--kb" && i + 1 < argc)
      chosen = argv[++i];
    else if (arg.starts_with("--kb="))
      chosen = std::string(arg.substr(5));
  }
  if (chosen) return *chosen;
  const char* env = std::getenv("SPOTCHECK_KB");
  return env && *env ? env : "";
}

bool asks_for_help_or_version(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help" || arg == "--version") return true;
  }
  return false;
}

std::shared_ptr<const KnowledgeBase> load_knowledge_base(const std::string& path) {
  if (path.empty()) return KnowledgeBase::embedded();
  return KnowledgeBase::load(read_input(path, "knowledge base", kMaxKbBytes), path);
}

}  // namespace spotcheck::cli
