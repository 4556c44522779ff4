// Reading inputs named on the command line: files, `-` for stdin, and the knowledge base.
#pragma once

#include <memory>
#include <string>

#include <spotcheck/knowledge_base.h>

namespace spotcheck::cli {

/// The whole of `path` (or stdin for "-"). Throws Error with exit code 66 when it
/// cannot be opened, naming `what` ("case file", "knowledge base").
std::string read_input(const std::string& path, const char* what);

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
