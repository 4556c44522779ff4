// spotcheck kb info | kb dump: which knowledge base is in use, and its text, so that a
// maintainer can start a knowledge base of their own from the built-in one.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <spotcheck/embedded_kb.h>
#include <spotcheck/error.h>

#include "commands.h"
#include "input.h"
#include "output.h"

namespace spotcheck::cli {

int run_kb(const Context& ctx, const KbOptions& opts) {
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
