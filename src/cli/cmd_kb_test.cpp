// spotcheck kb test FILE...: expectation files (a case and the accepted answers per line,
// docs/kb-format.md "Testing a knowledge base") run through the knowledge base in use, as
// a test runner: each case outside its accepted answers, totals, and what no case reached.
#include <cstdio>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <spotcheck/case_check.h>
#include <spotcheck/error.h>

#include "commands.h"
#include "input.h"
#include "output.h"
#include "printable.h"

namespace spotcheck::cli {
namespace {

using ordered_json = nlohmann::ordered_json;
using Status = LineReport::Status;

std::string shown_id(const std::string& id) {
  return id.empty() ? "(no id)" : printable(id);
}

}  // namespace

int run_kb_test(const Context& ctx, const KbTestOptions& opts) {
  const KnowledgeBase& kb = *ctx.kb;
  // Every file is read before anything is run, so that a missing one is exit 66 with
  // nothing written, as for any input that cannot be opened.
  std::vector<std::pair<std::string, std::string>> files;  // name, text
  for (const std::string& path : opts.files)
    files.emplace_back(path == "-" ? "<stdin>" : path,
                       read_input(path, "expectation file", kMaxKbBytes));

  ExpectationSuite suite(kb);
  std::string text;
  ordered_json failures = ordered_json::array(), errors = ordered_json::array();
  for (const auto& [name, contents] : files) {
    const std::string file = printable(name);
    for (const LineReport& r : suite.check_text(contents, name)) {
      if (r.status == Status::kMalformed) {
        // A line that cannot be run is an error of the data: stderr, as batch does.
        const std::string message = printable(r.error.message);
        std::fputs(
            fmt::format("spotcheck: error: {}:{}:{}: {}\n", file, r.line, r.error.column, message)
                .c_str(),
            stderr);
        errors.push_back({{"file", file},
                          {"line", r.line},
                          {"column", r.error.column},
                          {"id", r.id.empty() ? ordered_json() : ordered_json(printable(r.id))},
                          {"message", message}});
      } else if (r.status == Status::kFailed) {
        ordered_json mismatches = ordered_json::array();
        for (const Mismatch& m : r.mismatches) {
          text += fmt::format("{}:{}: {}: {}\n", file, r.line, shown_id(r.id), describe(m));
          mismatches.push_back({{"field", checked_field_name(m.field)},
                                {"expected", m.expected},
                                {"got", m.got},
                                {"message", describe(m)}});
        }
        failures.push_back({{"file", file},
                            {"line", r.line},
                            {"id", r.id.empty() ? ordered_json() : ordered_json(printable(r.id))},
                            {"mismatches", std::move(mismatches)}});
      }
    }
  }

  const std::size_t passed = suite.count(Status::kPassed), failed = suite.count(Status::kFailed),
                    malformed = suite.count(Status::kMalformed);
  const std::size_t run = passed + failed;
  std::vector<std::string> rules, causes;
  for (const std::size_t i : suite.coverage().rules_never_fired())
    rules.push_back(kb.triage_rules()[i].id);
  for (const std::size_t i : suite.coverage().causes_never_in_top3())
    causes.push_back(kb.causes()[i].id);
  const bool covered = rules.empty() && causes.empty();
  if (run + malformed == 0)
    throw Error(
        fmt::format("no cases in {}", printable(fmt::format("{}", fmt::join(opts.files, ", ")))),
        kExitData);
  const int status = malformed > 0                                       ? kExitData
                     : failed > 0 || (opts.require_coverage && !covered) ? kExitTriageReached
                                                                         : kExitOk;

  Output out(stdout, "stdout");
  if (opts.json) {
    ordered_json j = {
        {"cases", run + malformed},
        {"passed", passed},
        {"failed", failed},
        {"malformed", malformed},
        {"failures", std::move(failures)},
        {"errors", std::move(errors)},
        {"coverage",
         {{"rules_never_fired", rules}, {"causes_never_in_top3", causes}, {"complete", covered}}},
        {"require_coverage", opts.require_coverage},
        {"ok", status == kExitOk},
        {"kb", {{"name", kb.name()}, {"version", kb.version()}, {"sha256", kb.sha256()}}}};
    out.write(j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n");
  } else {
    text += fmt::format("{} case{}: {} passed, {} failed, {} malformed\n", run + malformed,
                        run + malformed == 1 ? "" : "s", passed, failed, malformed);
    // Coverage only means something over the cases that ran.
    if (run > 0) {
      const char* gap = opts.require_coverage ? "" : " (not required: --require-coverage)";
      if (rules.empty())
        text += fmt::format("coverage: all {} rules fired\n", kb.triage_rules().size());
      else
        text += fmt::format("coverage: {} of {} rules never fired{}: {}\n", rules.size(),
                            kb.triage_rules().size(), gap, fmt::join(rules, ", "));
      if (causes.empty())
        text += fmt::format("coverage: all {} causes reached a top 3\n", kb.causes().size());
      else
        text += fmt::format("coverage: {} of {} causes never in a top 3{}: {}\n", causes.size(),
                            kb.causes().size(), gap, fmt::join(causes, ", "));
    }
    text += status == kExitOk ? "ok\n" : "FAILED\n";
    out.write(text);
  }
  out.flush();
  return status;
}

}  // namespace spotcheck::cli
