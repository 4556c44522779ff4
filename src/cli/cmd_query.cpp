// spotcheck query: one case from flags and/or a JSON case file, as text or JSON.
#include <optional>
#include <string>

#include <fmt/format.h>

#include <spotcheck/error.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/result_json.h>

#include "commands.h"
#include "input.h"
#include "output.h"
#include "report_html.h"
#include "terminal.h"
#include "text_render.h"

namespace spotcheck::cli {

int run_query(const Context& ctx, const QueryOptions& opts) {
  const KnowledgeBase& kb = *ctx.kb;
  std::uint32_t fields = kFieldAll;
  if (!opts.fields.empty()) {
    std::string bad;
    const auto parsed = parse_result_fields(opts.fields, bad);
    if (!parsed)
      throw Error(
          fmt::format("--fields: unknown field '{}' (fields: {})", bad, result_field_names()),
          kExitUsage);
    fields = *parsed;
  }

  Case c(kb);
  // The case: from --case or the FILE argument; else from stdin if something was piped
  // or redirected to it (never from a terminal, which would wait for typing).
  std::optional<std::string> text;
  if (opts.case_file.empty()) {
    text = read_redirected_stdin("case file", kMaxCaseBytes);
  } else {
    if (opts.case_file == "-" && is_terminal(stdin))
      std::fputs("spotcheck: reading a JSON case from the terminal (end with Ctrl-D)\n", stderr);
    try {
      text = read_input(opts.case_file, "case file", kMaxCaseBytes);
    } catch (const Error& e) {
      // `query fever` meant `query --fever`: say so rather than only "no such file".
      std::string id = opts.case_file;
      for (char& ch : id)
        if (ch == '-') ch = '_';
      const auto f = kb.find_finding(id);
      if (e.exit_code() != kExitNoInput || !f || *f >= kb.input_finding_count()) throw;
      std::string flag = id;
      for (char& ch : flag)
        if (ch == '_') ch = '-';
      throw Error(fmt::format("{} (did you mean the flag '--{}'?)", e.what(), flag), e.exit_code());
    }
  }
  if (text) {
    if (const auto error = read_case(kb, *text, c)) {
      const std::string name =
          opts.case_file.empty() || opts.case_file == "-" ? "<stdin>" : opts.case_file;
      throw Error(fmt::format("{}:{}:{}: {}", name, error->line, error->column, error->message),
                  kExitData);
    }
  }
  for (const auto& [finding, value] : opts.answers) c.set(finding, value);

  Evaluator evaluator(kb, opts.json ? options_for_fields(fields, {opts.top, opts.questions})
                                    : EvaluationOptions{opts.top, opts.questions});
  const Result& result = evaluator.evaluate(c);

  Output out(stdout, "stdout");
  if (opts.json) {
    std::string json;
    ResultWriter(kb).append(c, result, fields, json);
    json += '\n';
    out.write(json);
  } else {
    out.write(render_text(kb, c, result, Style::for_stream(stdout, ctx.color),
                          {opts.verbose, output_width(stdout)}));
  }
  out.flush();
  if (!opts.report.empty()) write_report(kb, c, opts.report);

  if (!opts.fail_on.empty() && result.triage_level <= *kb.find_level(opts.fail_on))
    return kExitTriageReached;
  return kExitOk;
}

}  // namespace spotcheck::cli
