// spotcheck kb info | kb dump | kb validate: which knowledge base is in use, its text (so
// that a maintainer can start a knowledge base of their own from the built-in one), and
// every problem in one (docs/kb-format.md "Validating a knowledge base").
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <spotcheck/embedded_kb.h>
#include <spotcheck/error.h>
#include <spotcheck/kb_diagnostics.h>

#include "commands.h"
#include "input.h"
#include "output.h"
#include "printable.h"

namespace spotcheck::cli {
namespace {

std::string count(std::size_t n, const char* what) {
  return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
}

// The diagnostics are this command's data, so they go to stdout, the summary line last.
int run_kb_validate(const KbOptions& opts) {
  const std::string path = opts.file.empty() ? opts.kb_path : opts.file;
  const std::string text = path.empty() ? std::string(embedded_kb_text())
                                        : read_input(path, "knowledge base", kMaxKbBytes);
  const std::string origin = path.empty() ? "<built-in>" : path == "-" ? "<stdin>" : path;
  const KbValidation v = validate_knowledge_base(text, origin);
  Output out(stdout, "stdout");
  if (opts.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const KbDiagnostic& d : v.diagnostics)
      list.push_back({{"file", origin},
                      {"line", d.line},
                      {"column", d.column},
                      {"pointer", d.has_pointer ? nlohmann::ordered_json(d.pointer) : nullptr},
                      {"severity", severity_name(d.severity)},
                      {"kind", kind_name(d.kind)},
                      {"message", d.message}});
    const nlohmann::ordered_json j = {{"file", origin},
                                      {"errors", v.errors},
                                      {"warnings", v.warnings},
                                      {"diagnostics", std::move(list)}};
    out.write(j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
  } else {
    std::string lines;
    for (const KbDiagnostic& d : v.diagnostics)
      lines += printable(format_kb_diagnostic(origin, d)) + "\n";
    lines += fmt::format("{}, {}\n", count(v.errors, "error"), count(v.warnings, "warning"));
    out.write(lines);
  }
  out.flush();
  return v.errors != 0 || (opts.strict && v.warnings != 0) ? kExitData : kExitOk;
}

}  // namespace

bool asks_for_kb_validate(int argc, char** argv) {
  bool kb = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (kb && arg == "validate") return true;
    kb |= arg == "kb";
  }
  return false;
}

int run_kb(const Context& ctx, const KbOptions& opts) {
  if (opts.action == "validate") return run_kb_validate(opts);
  if (!opts.file.empty())
    throw Error(
        fmt::format("'kb {}' takes no FILE (only 'kb validate' does); use --kb FILE", opts.action),
        kExitUsage);
  const KnowledgeBase& kb = *ctx.kb;
  const bool built_in = ctx.kb == KnowledgeBase::embedded();
  Output out(stdout, "stdout");
  if (opts.action == "dump") {
    // The text itself, byte for byte: the built-in one from the binary, else the file again.
    out.write(built_in ? std::string(embedded_kb_text())
                       : read_input(kb.origin(), "knowledge base", kMaxKbBytes));
    out.flush();
    return kExitOk;
  }
  std::size_t inputs = kb.input_finding_count(), flags = 0, floors = 0;
  for (const Finding& f : kb.findings()) flags += f.red_flag;
  for (const TriageRule& r : kb.triage_rules()) floors += r.floor_of != TriageRule::kNotAFloor;
  const std::pair<const char*, std::size_t> counts[] = {
      {"findings", inputs},
      {"derived_findings", kb.findings().size() - inputs},
      {"red_flags", flags},
      {"triage_rules", kb.triage_rules().size() - floors},
      {"red_flag_floors", floors},
      {"causes", kb.causes().size()},
      {"categories", kb.categories().size()},
      {"lesion_types", kb.lesion_types().size()},
      {"contradictions", kb.contradictions().size()},
      {"sources", kb.sources().size()}};
  if (opts.json) {
    nlohmann::ordered_json j = {{"name", kb.name()},
                                {"version", kb.version()},
                                {"sha256", kb.sha256()},
                                {"origin", built_in ? std::string("built-in") : kb.origin()}};
    for (const auto& [name, n] : counts) j["counts"][name] = n;
    out.write(j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
  } else {
    std::string text = fmt::format("{} {}\n  sha256  {}\n  from    {}\n", kb.name(), kb.version(),
                                   kb.sha256(), built_in ? "built into spotcheck" : kb.origin());
    for (const auto& [name, n] : counts) text += fmt::format("  {:<17} {}\n", name, n);
    out.write(text);
  }
  out.flush();
  return kExitOk;
}

}  // namespace spotcheck::cli
