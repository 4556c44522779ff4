// spotcheck explain CAUSE: what a cause is, what supports and opposes it, codes, sources.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <spotcheck/error.h>

#include "commands.h"
#include "output.h"
#include "text_render.h"

namespace spotcheck::cli {

int run_explain(const Context& ctx, const ExplainOptions& opts) {
  const KnowledgeBase& kb = *ctx.kb;
  const auto index = kb.find_cause(opts.cause);
  if (!index) {
    std::vector<std::string> ids;
    for (const Cause& c : kb.causes()) ids.push_back(c.id);
    const auto hint = closest_match(opts.cause, ids);
    throw Error(fmt::format("unknown cause '{}'{} (see 'spotcheck list causes')", opts.cause,
                            hint ? fmt::format("; did you mean '{}'?", *hint) : ""),
                kExitUsage);
  }
  const Cause& c = kb.causes()[*index];
  const Category& category = kb.categories()[c.category];
  const auto evidence = kb.evidence().subspan(c.evidence_begin, c.evidence_end - c.evidence_begin);
  Output out(stdout, "stdout");

  if (opts.json) {
    nlohmann::ordered_json j = {{"id", c.id},
                                {"name", c.name},
                                {"clinical_name", c.clinical_name},
                                {"category", category.id},
                                {"prevalence", c.prevalence},
                                {"prior", c.prior},
                                {"description", c.description}};
    j["codes"] = nlohmann::ordered_json::array();
    for (const Code& code : c.codes)
      j["codes"].push_back({{"system", code.system}, {"code", code.code}, {"title", code.title}});
    j["sources"] = c.sources;
    j["evidence"] = nlohmann::ordered_json::array();
    for (const EvidenceItem& e : evidence)
      j["evidence"].push_back({{"condition", e.label},
                               {"weight", e.weight},
                               {"weight_if_false", e.weight_if_false},
                               {"text", e.text},
                               {"source", e.source}});
    out.write(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    out.flush();
    return 0;
  }

  const Style style = Style::for_stream(stdout, ctx.color);
  std::string text =
      fmt::format("{}  {}\n", style.bold(c.name), style.dim(fmt::format("({})", c.id)));
  if (!c.clinical_name.empty()) text += fmt::format("  Clinical name: {}\n", c.clinical_name);
  text += fmt::format("  Category:      {} ({})\n  How common:    {}\n\n{}\n", category.name,
                      category.id, c.prevalence, c.description);
  std::string supports, opposes;
  for (const EvidenceItem& e : evidence) {
    const std::string src =
        e.source.empty() ? "" : style.dim(fmt::format(" [{}]", source_title(kb, e.source)));
    if (e.weight > 0)
      supports += fmt::format("  + {:+.1f}  {}: {}{}\n", e.weight, e.label, e.text, src);
    if (e.weight < 0)
      opposes += fmt::format("  - {:+.1f}  {}: {}{}\n", e.weight, e.label, e.text, src);
    if (e.weight_if_false < 0)
      opposes +=
          fmt::format("  - {:+.1f}  {}: {}{}\n", e.weight_if_false, e.negated_label, e.text, src);
    if (e.weight_if_false > 0)
      supports +=
          fmt::format("  + {:+.1f}  {}: {}{}\n", e.weight_if_false, e.negated_label, e.text, src);
  }
  text += fmt::format("\n{}\n{}", style.bold("What supports it (log-odds steps):"),
                      supports.empty() ? "  (nothing)\n" : supports);
  text += fmt::format("\n{}\n{}", style.bold("What speaks against it:"),
                      opposes.empty() ? "  (nothing)\n" : opposes);
  text += fmt::format("\n{}\n", style.bold("Codes:"));
  for (const Code& code : c.codes)
    text += fmt::format("  {} {}  {}\n", code.system, code.code, code.title);
  text += fmt::format("\n{}\n", style.bold("Sources:"));
  for (const std::string& ref : c.sources) text += fmt::format("  {}\n", source_title(kb, ref));
  text += fmt::format(
      "\n{}\n",
      style.dim("A possible cause to discuss with a doctor, not a diagnosis. " + kb.disclaimer()));
  out.write(text);
  out.flush();
  return 0;
}

}  // namespace spotcheck::cli
