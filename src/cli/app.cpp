// The command line: the only translation unit that includes CLI11. It builds the
// subcommands, generates one flag per finding of the knowledge base, parses, and hands
// plain option structs to the commands.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <spotcheck/error.h>

#include "commands.h"
#include "finding_flags.h"
#include "input.h"
#include "printable.h"

namespace spotcheck::cli {
namespace {

constexpr const char* kFooter = R"(Examples:
  spotcheck ask
  spotcheck ask --age 4 --json --save case.json > result.json
  spotcheck query --age 3 --lesion petechiae --fever
  spotcheck query --size-mm 4 --no-blanching --json
  spotcheck query --case case.json --fail-on urgent
  echo '{"age": 4, "fever": true}' | spotcheck query --json
  spotcheck batch cases.jsonl > results.jsonl
  spotcheck list findings
  spotcheck explain itp

Anything not given is unknown, not no; a result says how urgent it could still be
(triage.possible_level). Exit codes: 0 ok, 1 --fail-on level reached, 64 usage,
65 bad data, 66 cannot open input, 70 internal error, 74 write error, 130/143
interrupted. Finding ids, levels, JSON fields and exit codes: docs/contract.md.
Educational information, not a diagnosis. In an emergency, call your local emergency number.)";

// Flags every command accepts, before or after the subcommand name.
void add_common(CLI::App& app, std::string& kb_path, std::string& color, bool& no_color) {
  // Given twice, the last one counts (CLI11's default is an error).
  app.add_option("--kb", kb_path,
                 "Use this knowledge base file instead of the built-in one (also: SPOTCHECK_KB)")
      ->type_name("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group("Global");
  app.add_option("--color", color,
                 "Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->type_name("WHEN")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->group("Global");
  app.add_flag("--no-color", no_color, "Same as --color never")->group("Global");
}

// A count (--top, --questions, --jobs, --max-line-bytes): decimal digits only. CLI11 reads
// unsigned numbers with strtoull in base 0, which takes "-1" as the largest value (so
// "--top -1" meant "all") and "010" as octal.
template <typename T>
CLI::Option* add_count_option(CLI::App& sub, const std::string& names, T& target,
                              const std::string& help) {
  const std::string flag = names.substr(names.rfind(',') + 1);  // "-j,--jobs": --jobs
  return sub
      .add_option_function<std::string>(
          names,
          [&target, flag](const std::string& text) {
            T value{};
            const char* end = text.data() + text.size();
            const auto [stop, ec] = std::from_chars(text.data(), end, value);
            if (ec == std::errc::result_out_of_range)
              throw CLI::ValidationError(flag, fmt::format("'{}' is too large", text));
            if (text.empty() || ec != std::errc() || stop != end)
              throw CLI::ValidationError(
                  flag, fmt::format("expected a whole number, 0 or more (got '{}')", text));
            target = value;
          },
          help)
      ->type_name("N");
}

CLI::Option* add_level_option(CLI::App& sub, const KnowledgeBase& kb, std::string& target) {
  std::vector<std::string> ids;
  for (const TriageLevel& l : kb.triage_levels()) ids.push_back(l.id);
  return sub
      .add_option("--fail-on", target, "Exit 1 when the triage level is this one or more urgent")
      ->type_name("LEVEL")
      ->check(CLI::IsMember(ids));
}

// The long option names of a subcommand, without the dashes.
std::vector<std::string> long_names(const CLI::App& sub) {
  std::vector<std::string> names{"help", "version"};
  for (const CLI::Option* opt : sub.get_options())
    for (const std::string& l : opt->get_lnames()) names.push_back(l);
  return names;
}

// The argument CLI11 left unparsed, turned into a one-line message with a suggestion.
std::string unexpected_argument(const CLI::App& sub, const KnowledgeBase& kb,
                                const std::string& arg) {
  if (!arg.starts_with("-")) return fmt::format("unexpected argument '{}'", arg);
  const std::string name = arg.substr(0, arg.find('='));
  std::vector<std::string> names = finding_flag_names(kb);
  for (const std::string& l : long_names(sub)) names.push_back("--" + l);
  const auto hint = closest_match(name, names);
  return fmt::format("unknown flag '{}'{}", name,
                     hint ? fmt::format(" (did you mean '{}'?)", *hint) : "");
}

// Where the subcommand is in `args` (argv without the program name), skipping the values
// of the options that take one before it; args.size() when there is none.
std::size_t subcommand_position(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--kb" || args[i] == "--color") {
      ++i;
      continue;
    }
    if (!args[i].starts_with("-")) return i;
  }
  return args.size();
}

}  // namespace

extern const char* const kProgramVersion;  // version.cpp, generated by CMake

std::string version_text(const KnowledgeBase& kb) {
  return fmt::format("spotcheck {}\nknowledge base {} {} (sha256 {})", kProgramVersion, kb.name(),
                     kb.version(), kb.sha256());
}

int run_app(int argc, char** argv) {
  const std::string kb_from_args = knowledge_base_path(argc, argv);
  Context ctx;
  // --help and --version must work whatever SPOTCHECK_KB holds: if it cannot be loaded,
  // they use the built-in knowledge base and say why.
  std::string kb_problem;
  try {
    ctx.kb = load_knowledge_base(kb_from_args);
  } catch (const Error& e) {
    if (!asks_for_help_or_version(argc, argv) && !asks_for_kb_validate(argc, argv)) throw;
    kb_problem = printable(e.what());
    ctx.kb = KnowledgeBase::embedded();
  }
  const KnowledgeBase& kb = *ctx.kb;

  // What spotcheck is about comes from the knowledge base in use (its `wording`).
  CLI::App app{
      fmt::format("spotcheck: {}.\nEducational information, not a diagnosis.", kb.wording().about),
      "spotcheck"};
  app.footer(kFooter);
  app.set_version_flag(
      "--version", kb_problem.empty() ? version_text(kb)
                                      : fmt::format("spotcheck {}\nknowledge base: not loaded: {}",
                                                    kProgramVersion, kb_problem));
  app.require_subcommand(0, 1);
  std::string kb_path, color = "auto";
  bool no_color = false;
  add_common(app, kb_path, color, no_color);

  QueryOptions query;
  CLI::App* q = app.add_subcommand("query", "Triage and possible causes for one person's answers");
  add_common(*q, kb_path, color, no_color);
  q->add_flag("--json", query.json, "Write the result as JSON (docs/contract.md section 6)")
      ->group("Output");
  std::string case_option, case_argument;
  q->add_option("--case", case_option,
                "Read the answers from a JSON case file ('-' for stdin); flags override it. "
                "Without it, a case piped or redirected to stdin is read")
      ->type_name("FILE")
      ->group("Input");
  q->add_option("case", case_argument, "The same as --case FILE")->type_name("FILE");
  add_level_option(*q, kb, query.fail_on)->group("Output");
  add_count_option(*q, "--top", query.top, "How many possible causes to show (0: all)")
      ->group("Output");
  add_count_option(*q, "--questions", query.questions, "How many next questions to suggest")
      ->group("Output");
  q->add_option("--fields", query.fields, "With --json: the fields to write, e.g. id,triage,causes")
      ->type_name("LIST")
      ->group("Output");
  q->add_flag("--verbose", query.verbose,
              "Text: also show rule, cause, HPO and ICD-10 ids and each cause's ranking weight "
              "(not a probability)")
      ->group("Output");
  q->add_option("--report", query.report,
                "Also write a printable page for a doctor to FILE.html (self-contained, offline)")
      ->type_name("FILE")
      ->group("Output");
  q->add_option("--what-if", query.what_if,
                "Also show what would change if FINDING had VALUE (repeatable: one alternative "
                "case); hypothetical, the result stays that of your answers")
      ->type_name("FINDING=VALUE")
      ->allow_extra_args(false)
      ->group("Output");
  q->allow_extras();
  q->footer(finding_flags_help(kb) + "\n" + kFooter);

  AskOptions ask;
  CLI::App* a = app.add_subcommand(
      "ask", "Questions one at a time, most important first, until the advice is clear");
  add_common(*a, kb_path, color, no_color);
  a->add_flag("--json", ask.json, "Write the result as JSON (as query --json does)")
      ->group("Output");
  a->add_option("--save", ask.save,
                "Write the answers to FILE as a JSON case, which query and batch replay")
      ->type_name("FILE")
      ->group("Output");
  add_count_option(*a, "--max-questions", ask.max_questions, "Ask at most N questions")
      ->group("Output");
  a->add_flag("--verbose", ask.verbose,
              "Text: also show rule, cause, HPO and ICD-10 ids and each cause's ranking weight "
              "(not a probability)")
      ->group("Output");
  a->add_option("--report", ask.report,
                "Also write a printable page for a doctor to FILE.html (self-contained, offline)")
      ->type_name("FILE")
      ->group("Output");
  a->allow_extras();
  a->footer(
      "The questions and prompts go to stderr, the result to stdout. Answers can come from a\n"
      "terminal or a pipe, one per line: y, n, ? (don't know), a number (with a unit: 6m,\n"
      "2 weeks, 1.5cm) or a choice by number or name; a list (\"Does any of these apply?\")\n"
      "takes the numbers that apply (1 3: the others are a no; 1 3 ?: not known), none or ?.\n"
      "At any question type why, help, back, skip or quit; the end of input ends the\n"
      "interview with the result so far. Answers given as flags (--age 4) are not asked.\n" +
      finding_flags_help(kb) + "\n" + kFooter);

  ListOptions list;
  CLI::App* l = app.add_subcommand(
      "list", "List the findings, causes, categories, lesion types, rules or sources");
  add_common(*l, kb_path, color, no_color);
  l->add_option("what", list.what, "findings, causes, categories, lesions, rules or sources")
      ->required()
      ->check(CLI::IsMember({"findings", "causes", "categories", "lesions", "rules", "sources"}));
  l->add_flag("--json", list.json, "Write JSON");

  ExplainOptions explain;
  CLI::App* e = app.add_subcommand(
      "explain",
      "What an id means: a cause, finding, lesion type, rule, source or category, in words");
  add_common(*e, kb_path, color, no_color);
  e->add_option("id", explain.id,
                "An id from 'spotcheck list' (any letter case, '-' for '_': stiff-neck)")
      ->required();
  e->add_flag("--json", explain.json, "Write JSON");

  BatchOptions batch;
  CLI::App* b = app.add_subcommand("batch", "Evaluate many cases: NDJSON or CSV in, NDJSON out");
  add_common(*b, kb_path, color, no_color);
  b->add_option("input", batch.input, "Input file, or '-' for stdin (the default)")
      ->type_name("FILE");
  b->add_option("-o,--output", batch.output, "Write results to this file instead of stdout")
      ->type_name("FILE");
  b->add_option("--format", batch.format,
                "Input format: auto (csv for *.csv, else ndjson), ndjson, csv")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"auto", "ndjson", "csv"}));
  add_count_option(*b, "-j,--jobs", batch.jobs,
                   "Worker threads (default: the number of hardware threads)");
  add_level_option(*b, kb, batch.fail_on);
  b->add_flag("-q,--quiet", batch.quiet, "No summary or progress on stderr");
  add_count_option(*b, "--max-line-bytes", batch.max_line_bytes,
                   "Longest input line accepted (default 1 MiB)");
  b->add_option("--fields", batch.fields, "Result fields to write, e.g. id,triage,causes")
      ->type_name("LIST");
  add_count_option(*b, "--top", batch.top, "How many possible causes per result (0: all)");
  add_count_option(*b, "--questions", batch.questions, "How many next questions per result");

  // The finding flags of `query` are read here, with the answer grammar; CLI11 parses the
  // rest (it wants them in reverse order).
  std::vector<std::string> args(argv + 1, argv + argc);
  // (Not for --help or --version, which must work whatever the knowledge base holds.)
  if (const std::size_t sub = subcommand_position(args);
      sub < args.size() && (args[sub] == "query" || args[sub] == "ask") &&
      !asks_for_help_or_version(argc, argv)) {
    std::vector<std::string> after(args.begin() + static_cast<long>(sub) + 1, args.end());
    if (args[sub] == "query")
      query.answers = take_finding_flags(kb, after, long_names(*q));
    else
      ask.answers = take_finding_flags(kb, after, long_names(*a));
    args.resize(sub + 1);
    args.insert(args.end(), after.begin(), after.end());
  }
  std::reverse(args.begin(), args.end());
  KbOptions kb_opts;
  CLI::App* k = app.add_subcommand(
      "kb",
      "The knowledge base in use: info (name, version, sha256, counts), dump (its text), "
      "validate (every problem in it, or in FILE) or test (expectation files against it)");
  add_common(*k, kb_path, color, no_color);
  k->add_option("action", kb_opts.action, "info, dump or validate")
      ->check(CLI::IsMember({"info", "dump", "validate"}));
  k->add_option("file", kb_opts.file,
                "With validate: the knowledge base to check ('-' for stdin); default: the one "
                "in use")
      ->type_name("FILE");
  k->add_flag("--json", kb_opts.json, "With info or validate: write JSON");
  k->add_flag("--strict", kb_opts.strict, "With validate: warnings fail too (exit 65)");
  KbTestOptions kb_test;
  CLI::App* kt = k->add_subcommand(
      "test", "Run expectation files (a case and its accepted answers per line) against the KB");
  add_common(*kt, kb_path, color, no_color);
  kt->add_option("files", kb_test.files, "Expectation files (JSON Lines), '-' for stdin")
      ->type_name("FILE")
      ->required();
  kt->add_flag("--json", kb_test.json, "Write the report as JSON");
  kt->add_flag("--require-coverage", kb_test.require_coverage,
               "Fail (exit 1) unless every rule fires and every cause reaches a top 3");
  kt->footer(
      "Exit codes: 0 every case passed, 1 a case failed (or coverage, when required), 65 a "
      "malformed line.\nFormat: docs/kb-format.md, \"Testing a knowledge base\".");

  try {
    app.parse(args);
  } catch (const CLI::ParseError& err) {
    if (err.get_exit_code() == 0) {
      app.exit(err);  // --help, --version: to stdout
      if (!kb_problem.empty() && !dynamic_cast<const CLI::CallForVersion*>(&err))
        std::fputs(fmt::format("spotcheck: warning: knowledge base not loaded ({}); the help "
                               "shows the built-in one's flags\n",
                               kb_problem)
                       .c_str(),
                   stderr);
      return kExitOk;
    }
    std::string message = err.what();
    if (dynamic_cast<const CLI::RequiredError*>(&err) &&
        message.find("subcommand") != std::string::npos)
      message = "a command is required: ask, query, batch, list, explain or kb";
    throw Error(message + " (see 'spotcheck --help')", kExitUsage);
  }
  if (argc <= 1 || app.get_subcommands().empty()) {
    std::fputs(
        "usage: spotcheck [ask|query|batch|list|explain|kb] [FLAGS]   (see 'spotcheck --help')\n",
        stderr);
    return kExitUsage;
  }
  if (!q->remaining().empty())
    throw Error(unexpected_argument(*q, kb, q->remaining().front()), kExitUsage);
  if (!a->remaining().empty())
    throw Error(unexpected_argument(*a, kb, a->remaining().front()), kExitUsage);

  ctx.color = no_color            ? ColorChoice::kNever
              : color == "always" ? ColorChoice::kAlways
              : color == "never"  ? ColorChoice::kNever
                                  : ColorChoice::kAuto;
  if (q->parsed()) {
    if (!case_option.empty() && !case_argument.empty())
      throw Error(fmt::format("two cases given ('--case {}' and '{}'): give one", case_option,
                              case_argument),
                  kExitUsage);
    query.case_file = case_option.empty() ? case_argument : case_option;
    return run_query(ctx, query);
  }
  if (a->parsed()) {
    ask.kb_path = kb_from_args;
    return run_ask(ctx, ask);
  }
  if (l->parsed()) return run_list(ctx, list);
  if (e->parsed()) return run_explain(ctx, explain);
  if (kt->parsed()) return run_kb_test(ctx, kb_test);
  if (k->parsed() && kb_opts.action.empty())
    throw Error(
        "kb: an action is required: info, dump, validate or test (see 'spotcheck kb --help')",
        kExitUsage);
  if (k->parsed()) {
    kb_opts.kb_path = kb_from_args;
    return run_kb(ctx, kb_opts);
  }
  if (b->parsed()) {
    if (batch.max_line_bytes == 0) throw Error("--max-line-bytes must be at least 1", kExitUsage);
    return run_batch(ctx, batch);
  }
  return kExitUsage;
}

}  // namespace spotcheck::cli
