// Reading inputs named on the command line: files, `-` for stdin, and the knowledge base.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <spotcheck/knowledge_base.h>

namespace spotcheck::cli {

/// Inputs read whole into memory stop at these sizes, so that `--case /dev/zero` (or a
/// wrong file) ends with a message instead of taking all the memory. Far above any real
/// case (a few hundred bytes) or knowledge base (data/kb.json: well under 1 MiB).
constexpr std::size_t kMaxCaseBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxKbBytes = std::size_t{64} << 20;

/// The whole of `path` (or stdin for "-"). Throws Error naming `what` ("case file",
/// "knowledge base") and the path: exit 66 when it cannot be opened or read, 65 when it
/// is longer than `max_bytes` (a regular file is refused by its size, before reading).
std::string read_input(const std::string& path, const char* what, std::size_t max_bytes);

/// What stdin holds when it was piped or redirected to the program (a pipe, a socket or a
/// regular file), as ripgrep decides whether to search stdin; nothing when it is a
/// terminal, /dev/null or another device, or closed, or holds only white space (an empty
/// pipe means no input). Read with read_input()'s limit and errors, as "<stdin>".
std::optional<std::string> read_redirected_stdin(const char* what, std::size_t max_bytes);

/// The knowledge-base path chosen by the last `--kb FILE`/`--kb=FILE` in argv, else by the
/// SPOTCHECK_KB environment variable; empty for the embedded one. Read before parsing,
/// because the knowledge base decides which finding flags exist.
std::string knowledge_base_path(int argc, char** argv);

/// Whether argv asks for --help (-h) or --version, which must work even when the chosen
/// knowledge base cannot be loaded.
bool asks_for_help_or_version(int argc, char** argv);

/// Loads the knowledge base at `path`, or the embedded one when `path` is empty.
std::shared_ptr<const KnowledgeBase> load_knowledge_base(const std::string& path);

}  // namespace spotcheck::cli
