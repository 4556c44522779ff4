#include "text_render.h"

#include <fmt/format.h>

#include <spotcheck/result_json.h>

namespace spotcheck::cli {
namespace {

std::string dashed(std::string id) {
  for (char& ch : id)
    if (ch == '_') ch = '-';
  return id;
}

std::string sources_line(const KnowledgeBase& kb, const std::vector<std::string>& refs) {
  std::string out;
  for (const auto& ref : refs) out += (out.empty() ? "" : "; ") + source_title(kb, ref);
  return out;
}

}  // namespace

std::string source_title(const KnowledgeBase& kb, const std::string& ref) {
  const std::size_t hash = ref.find('#');
  const auto index = kb.find_source(ref.substr(0, hash));
  std::string title = index ? kb.sources()[*index].title : ref;
  if (hash != std::string::npos) title += fmt::format(" (section \"{}\")", ref.substr(hash + 1));
  return title;
}

std::string flag_for(const Finding& f) {
  const std::string flag = "--" + dashed(f.id);
  switch (f.type) {
    case FindingType::kBool:
      return fmt::format("{} / --no-{}", flag, dashed(f.id));
    case FindingType::kNumber:
      return fmt::format("{} <{}>", flag, f.unit.empty() ? "number" : f.unit);
    case FindingType::kChoice:
      return fmt::format("{} <choice>", flag);
  }
  return flag;
}

std::string render_text(const KnowledgeBase& kb, const Case& c, const Result& r,
                        const Style& style) {
  std::string out;
  const TriageLevel& level = kb.triage_levels()[r.triage_level];
  out += fmt::format("{}  {}\n", style.level(r.triage_level, fmt::format(" {} ", level.label)),
                     style.bold(level.advice));

  out += fmt::format("\n{}\n", style.bold("Why this advice:"));
  for (const std::size_t i : r.reasons) {
    const TriageRule& rule = kb.triage_rules()[i];
    out += fmt::format("  - {}\n", rule.text);
    out +=
        style.dim(fmt::format("    rule {}; source: {}", rule.id, sources_line(kb, rule.sources))) +
        "\n";
  }

  if (const auto lt = kb.lesion_type_finding()) {
    const std::string type =
        r.lesion < 0 ? "unknown" : kb.findings()[*lt].choices[static_cast<std::size_t>(r.lesion)];
    std::string name = type;
    for (const LesionType& t : kb.lesion_types())
      if (t.id == type) name = t.hpo.empty() ? t.name : fmt::format("{} ({})", t.name, t.hpo);
    out += fmt::format("\n{} {}\n", style.bold("Lesion type:"), name);
    if (r.lesion_case >= 0) {
      const DerivationCase& d = kb.derivation_cases()[static_cast<std::size_t>(r.lesion_case)];
      out += fmt::format("  {}\n", fill_placeholders(d.text, kb, c));
    }
  }

  out += fmt::format("\n{}\n", style.bold("Possible causes to discuss with a doctor:"));
  if (r.causes.empty()) out += "  (none listed)\n";
  for (std::size_t k = 0; k < r.causes.size(); ++k) {
    const RankedCause& rc = r.causes[k];
    const Cause& cause = kb.causes()[rc.cause];
    out += fmt::format(
        "  {}. {}  {}\n", k + 1, style.bold(cause.name),
        style.dim(fmt::format("[{}; {}; score {:.2f}]", kb.categories()[cause.category].name,
                              cause.id, rc.score)));
    for (const EvidenceHit& h : rc.evidence_for)
      out += fmt::format("       + {}\n", kb.evidence()[h.item].text);
    for (const EvidenceHit& h : rc.evidence_against)
      out += fmt::format("       - {}{}\n", kb.evidence()[h.item].text,
                         h.condition_true ? "" : " (not so here)");
  }

  if (!r.next_questions.empty()) {
    out += fmt::format("\n{}\n", style.bold("Answers that would help most:"));
    for (const NextQuestion& q : r.next_questions) {
      const Finding& f = kb.findings()[q.finding];
      out += fmt::format("  {}  {}\n", f.question, style.dim(flag_for(f)));
      if (q.why == NextQuestion::Why::kCouldRaiseTriage)
        out += fmt::format("      {} make the advice {}\n",
                           q.alone ? "could" : "with other answers, could",
                           kb.triage_levels()[q.level].label);
      else
        out += fmt::format("      helps weigh: {}\n", kb.causes()[q.cause].name);
    }
  }

  out += fmt::format("\n{}\n", style.dim(kb.disclaimer()));
  return out;
}

}  // namespace spotcheck::cli
