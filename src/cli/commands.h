// The subcommands: their options (filled in by app.cpp, the only user of CLI11) and their
// entry points. Each returns the process exit code.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <spotcheck/knowledge_base.h>

#include "terminal.h"

namespace spotcheck::cli {

struct Context {
  std::shared_ptr<const KnowledgeBase> kb;
  ColorChoice color = ColorChoice::kAuto;
};

/// A finding answered on the command line: finding index and encoded value (see Case).
using Answer = std::pair<std::size_t, double>;

struct QueryOptions {
  bool json = false;
  std::string case_file;  ///< --case or the FILE argument: "" none, "-" stdin
  std::string fail_on;    ///< a triage level id, or ""
  std::size_t top = 5;
  std::size_t questions = 3;
  std::string fields;    ///< --json fields, "" for all
  std::string report;    ///< --report FILE.html, "" for none
  bool verbose = false;  ///< text: also ids, codes and ranking weights (TextOptions)
  std::vector<Answer> answers;
  std::vector<std::string> what_if;  ///< --what-if FINDING=VALUE, as given
};

struct AskOptions {
  bool json = false;
  std::string save;      ///< --save FILE: the case JSON, "" for none
  std::string report;    ///< --report FILE.html, "" for none
  bool verbose = false;  ///< text: also ids, codes and ranking weights (TextOptions)
  std::size_t max_questions = static_cast<std::size_t>(-1);
  std::string kb_path;  ///< the --kb (or SPOTCHECK_KB) in use, for the equivalent query line
  std::vector<Answer> answers;  ///< starting answers, from the finding flags
};

struct ListOptions {
  std::string what;
  bool json = false;
};

struct ExplainOptions {
  std::string id;  ///< any id of the knowledge base
  bool json = false;
};

struct KbOptions {
  std::string action;  ///< info, dump or validate
  bool json = false;
  std::string file;     ///< validate: the file to check, "-" for stdin, "" for the one in use
  std::string kb_path;  ///< the --kb (or SPOTCHECK_KB) given, "" for the built-in one
  bool strict = false;  ///< validate: warnings fail too
};

struct BatchOptions {
  std::string input = "-";
  std::string output;           ///< "" for stdout
  std::string format = "auto";  ///< auto, ndjson, csv
  unsigned jobs = 0;            ///< 0: the number of hardware threads
  std::string fail_on;
  bool quiet = false;
  std::size_t max_line_bytes = 1 << 20;
  std::string fields;
  std::size_t top = 5;
  std::size_t questions = 3;
};

/// spotcheck kb test: expectation files run through the engine (docs/kb-format.md).
struct KbTestOptions {
  std::vector<std::string> files;  ///< expectation files, "-" for stdin
  bool json = false;
  bool require_coverage = false;  ///< a rule never fired or a cause never in a top 3 fails
};
int run_kb_test(const Context& ctx, const KbTestOptions& opts);

int run_query(const Context& ctx, const QueryOptions& opts);
int run_ask(const Context& ctx, const AskOptions& opts);
int run_list(const Context& ctx, const ListOptions& opts);
int run_explain(const Context& ctx, const ExplainOptions& opts);
int run_batch(const Context& ctx, const BatchOptions& opts);
int run_kb(const Context& ctx, const KbOptions& opts);
/// Whether the command line asks for `kb validate`, which must run even when the
/// knowledge base in use (--kb, SPOTCHECK_KB) cannot be loaded: it is what it checks.
bool asks_for_kb_validate(int argc, char** argv);

/// Parses the command line and runs the chosen subcommand.
int run_app(int argc, char** argv);

/// "spotcheck 0.1.0" and the knowledge base's name, version and digest.
std::string version_text(const KnowledgeBase& kb);

}  // namespace spotcheck::cli
