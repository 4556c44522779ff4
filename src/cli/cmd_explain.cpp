// spotcheck explain ID: what any id of the knowledge base means, in words. A cause (what
// supports and opposes it, codes, sources), a finding (its question, how to check it, its
// answers, a red flag's floor), a lesion type, a triage rule (what it says, when, its
// sources), a source (title and link), a category or a triage level. What it matches is
// explain_match.h (ids, then names, HPO ids and ICD-10 codes, in any letter case); an id
// that names several things (a rule and a cause) shows each. Names, flags and source
// titles come from the presentation module, as in a result.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <spotcheck/error.h>
#include <spotcheck/presentation.h>

#include "commands.h"
#include "explain_match.h"
#include "output.h"
#include "printable.h"
#include "text_wrap.h"

namespace spotcheck::cli {
namespace {

using ojson = nlohmann::ordered_json;
using Kind = ExplainKind;
using Match = ExplainMatch;

// ---- causes ----------------------------------------------------------------------------

ojson cause_json(const KnowledgeBase& kb, const Cause& c) {
  ojson j = {{"kind", "cause"},
             {"id", c.id},
             {"name", c.name},
             {"clinical_name", c.clinical_name},
             {"category", kb.categories()[c.category].id},
             {"prevalence", c.prevalence},
             {"prior", c.prior},
             {"description", c.description}};
  j["codes"] = ojson::array();
  for (const Code& code : c.codes)
    j["codes"].push_back({{"system", code.system}, {"code", code.code}, {"title", code.title}});
  j["sources"] = c.sources;
  j["evidence"] = ojson::array();
  for (const EvidenceItem& e :
       kb.evidence().subspan(c.evidence_begin, c.evidence_end - c.evidence_begin))
    j["evidence"].push_back({{"condition", e.label},
                             {"weight", e.weight},
                             {"weight_if_false", e.weight_if_false},
                             {"text", e.text},
                             {"source", e.source}});
  return j;
}

std::string cause_text(const Presentation& p, const Cause& c, const Style& style) {
  const KnowledgeBase& kb = p.kb();
  const Category& category = kb.categories()[c.category];
  std::string text =
      fmt::format("{}  {}\n", style.bold(c.name), style.dim(fmt::format("(cause {})", c.id)));
  if (!c.clinical_name.empty()) text += fmt::format("  Clinical name: {}\n", c.clinical_name);
  text += fmt::format("  Category:      {} ({})\n  How common:    {}\n\n{}\n", category.name,
                      category.id, c.prevalence, c.description);
  std::string supports, opposes;
  for (const EvidenceItem& e :
       kb.evidence().subspan(c.evidence_begin, c.evidence_end - c.evidence_begin)) {
    const std::string src =
        e.source.empty() ? "" : style.dim(fmt::format(" [{}]", p.source_title(e.source)));
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
  for (const std::string& ref : c.sources) text += fmt::format("  {}\n", p.source_title(ref));
  return text + "\n" + style.dim("A possible cause to discuss with a doctor, not a diagnosis.") +
         "\n";
}

// ---- findings ----------------------------------------------------------------------------

ojson finding_json(const Presentation& p, std::size_t index) {
  const KnowledgeBase& kb = p.kb();
  const Finding& f = kb.findings()[index];
  static constexpr const char* kTypes[] = {"bool", "number", "choice"};
  ojson j = {{"kind", "finding"},
             {"id", f.id},
             {"type", kTypes[static_cast<int>(f.type)]},
             {"derived", f.derived},
             {"question", f.question},
             {"help", f.help},
             {"answers", p.answer_range(index)}};
  if (!f.derived) j["flag"] = p.flag(index);
  if (f.type == FindingType::kNumber) {
    j["unit"] = f.unit;
    j["min"] = f.min;
    j["max"] = f.max;
  }
  if (f.type == FindingType::kChoice) j["choices"] = f.choices;
  if (f.red_flag) j["red_flag_floor"] = kb.triage_levels()[f.floor].id;
  if (!f.ask_when.empty()) j["ask_when"] = f.ask_when;
  return j;
}

std::string finding_text(const Presentation& p, std::size_t index, const Style& style) {
  const KnowledgeBase& kb = p.kb();
  const Finding& f = kb.findings()[index];
  std::string text =
      fmt::format("{}  {}\n", style.bold(f.question), style.dim(fmt::format("(finding {})", f.id)));
  if (!f.help.empty()) text += fmt::format("  How to tell: {}\n", f.help);
  text += fmt::format("  Answer:      {}\n", p.answer_range(index));
  for (std::size_t c = 0; c < f.choices.size(); ++c)
    text += fmt::format("    {}. {}{}\n", c + 1, f.choices[c],
                        f.choice_help[c].empty() ? "" : ": " + f.choice_help[c]);
  if (f.derived)
    text += "  Computed from other answers; it cannot be given.\n";
  else
    text += fmt::format("  Flag:        {}   (JSON key \"{}\")\n", p.flag(index), f.id);
  if (!f.ask_when.empty()) text += fmt::format("  Asked when:  {}\n", f.ask_when);
  if (f.red_flag) {
    for (const TriageRule& rule : kb.triage_rules()) {
      if (rule.floor_of == TriageRule::kNotAFloor || kb.findings()[rule.floor_of].id != f.id)
        continue;
      text += fmt::format("  Red flag:    when present, at least {}. {}\n",
                          kb.triage_levels()[f.floor].label, rule.text);
    }
  }
  text += "  Anything not answered is unknown, not no.\n";
  return text;
}

// ---- lesion types, rules, sources, categories --------------------------------------------

std::string lesion_text(const LesionType& t, const Style& style) {
  std::string text =
      fmt::format("{}  {}\n", style.bold(t.name), style.dim(fmt::format("(lesion type {})", t.id)));
  text += fmt::format("\n{}\n\n", t.description);
  if (!t.size.empty()) text += fmt::format("  Size: {}\n", t.size);
  if (!t.hpo.empty()) text += fmt::format("  Human Phenotype Ontology: {}\n", t.hpo);
  return text;
}

std::string rule_text(const Presentation& p, const TriageRule& r, const Style& style) {
  const KnowledgeBase& kb = p.kb();
  std::string text =
      fmt::format("{}  {}\n", style.bold(r.id),
                  style.dim(fmt::format("(triage rule, {})", kb.triage_levels()[r.level].label)));
  text += fmt::format("\n{}\n\n  When: {}\n", r.text, r.condition);
  text += fmt::format("  Then: {}{}\n", kb.triage_levels()[r.level].label,
                      r.advice.empty() ? "" : ": " + r.advice);
  if (!r.points_to.empty()) {
    std::vector<std::string> names;
    for (const std::size_t c : r.points_to) names.push_back(kb.causes()[c].name);
    text += fmt::format("  Must not miss: {}\n", fmt::join(names, "; "));
  }
  text += "  Sources:\n";
  for (const std::string& ref : r.sources) text += fmt::format("    {}\n", p.source_title(ref));
  return text;
}

std::string source_text(const Source& s, const Style& style) {
  std::string text =
      fmt::format("{}  {}\n", style.bold(s.title), style.dim(fmt::format("(source {})", s.id)));
  if (!s.publisher.empty()) text += fmt::format("  Publisher: {}\n", s.publisher);
  if (s.year != 0) text += fmt::format("  Year:      {}\n", s.year);
  if (!s.grade.empty())
    text += fmt::format("  Grade:     {}\n", s.grade == "P"   ? "primary or official guidance"
                                             : s.grade == "S" ? "secondary"
                                                              : s.grade);
  if (!s.url.empty()) text += fmt::format("  Link:      {}\n", s.url);
  return text;
}

std::string category_text(const KnowledgeBase& kb, std::size_t k, const Style& style) {
  const Category& c = kb.categories()[k];
  std::string text =
      fmt::format("{}  {}\n", style.bold(c.name), style.dim(fmt::format("(category {})", c.id)));
  if (!c.description.empty()) text += fmt::format("\n{}\n", c.description);
  text += "\n  Causes:\n";
  for (const Cause& cause : kb.causes())
    if (cause.category == k) text += fmt::format("    {} ({})\n", cause.name, cause.id);
  return text;
}

// A triage level: what to do, and which warning signs lead to it.
std::string level_text(const KnowledgeBase& kb, std::size_t k, const Style& style) {
  const TriageLevel& l = kb.triage_levels()[k];
  std::string text =
      fmt::format("{}  {}\n\n{}\n", style.level(l.color, fmt::format(" {} ", l.label)),
                  style.dim(fmt::format("(triage level {})", l.id)), l.advice);
  if (!l.note.empty()) text += l.note + "\n";
  text += "\n  Rules that lead to it:\n";
  for (const TriageRule& r : kb.triage_rules())
    if (r.level == k) text += fmt::format("    - {} ({})\n", r.text, r.id);
  return text;
}

ojson match_json(const Presentation& p, const Match& m) {
  const KnowledgeBase& kb = p.kb();
  switch (m.kind) {
    case Kind::kCause:
      return cause_json(kb, kb.causes()[m.index]);
    case Kind::kFinding:
      return finding_json(p, m.index);
    case Kind::kLesion: {
      const LesionType& t = kb.lesion_types()[m.index];
      return {{"kind", "lesion_type"}, {"id", t.id},     {"name", t.name},
              {"hpo", t.hpo},          {"size", t.size}, {"description", t.description}};
    }
    case Kind::kRule: {
      const TriageRule& r = kb.triage_rules()[m.index];
      ojson causes = ojson::array();
      for (const std::size_t c : r.points_to) causes.push_back(kb.causes()[c].id);
      return {{"kind", "rule"},
              {"id", r.id},
              {"level", kb.triage_levels()[r.level].id},
              {"text", r.text},
              {"condition", r.condition},
              {"advice", r.advice},
              {"points_to", causes},
              {"sources", r.sources}};
    }
    case Kind::kSource: {
      const Source& s = kb.sources()[m.index];
      return {{"kind", "source"}, {"id", s.id},   {"title", s.title}, {"publisher", s.publisher},
              {"year", s.year},   {"url", s.url}, {"grade", s.grade}};
    }
    case Kind::kCategory: {
      const Category& c = kb.categories()[m.index];
      return {{"kind", "category"}, {"id", c.id}, {"name", c.name}, {"description", c.description}};
    }
    case Kind::kLevel: {
      const TriageLevel& l = kb.triage_levels()[m.index];
      ojson rules = ojson::array();
      for (const TriageRule& r : kb.triage_rules())
        if (r.level == m.index) rules.push_back(r.id);
      return {{"kind", "triage_level"}, {"id", l.id},     {"label", l.label},
              {"advice", l.advice},     {"note", l.note}, {"rules", rules}};
    }
  }
  return {};
}

std::string match_text(const Presentation& p, const Match& m, const Style& style) {
  const KnowledgeBase& kb = p.kb();
  switch (m.kind) {
    case Kind::kCause:
      return cause_text(p, kb.causes()[m.index], style);
    case Kind::kFinding:
      return finding_text(p, m.index, style);
    case Kind::kLesion:
      return lesion_text(kb.lesion_types()[m.index], style);
    case Kind::kRule:
      return rule_text(p, kb.triage_rules()[m.index], style);
    case Kind::kSource:
      return source_text(kb.sources()[m.index], style);
    case Kind::kCategory:
      return category_text(kb, m.index, style);
    case Kind::kLevel:
      return level_text(kb, m.index, style);
  }
  return {};
}

}  // namespace

int run_explain(const Context& ctx, const ExplainOptions& opts) {
  const KnowledgeBase& kb = *ctx.kb;
  const Presentation p(kb);
  const std::vector<Match> matches = find_explained(kb, opts.id);
  if (matches.empty()) {
    const auto hint = explain_hint(kb, opts.id);
    throw Error(
        fmt::format("nothing is called '{}' (not a cause, finding, lesion type, rule, "
                    "source, category or triage level){} (see 'spotcheck list')",
                    printable(opts.id), hint ? fmt::format("; did you mean '{}'?", *hint) : ""),
        kExitUsage);
  }
  Output out(stdout, "stdout");
  if (opts.json) {
    ojson j = match_json(p, matches.front());
    if (matches.size() > 1) {
      j["also"] = ojson::array();
      for (std::size_t i = 1; i < matches.size(); ++i)
        j["also"].push_back(match_json(p, matches[i]));
    }
    out.write(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    out.flush();
    return 0;
  }
  const Style style = Style::for_stream(stdout, ctx.color);
  std::string text;
  for (const Match& m : matches) {
    if (!text.empty())
      text += fmt::format("\n{}\n\n",
                          style.dim(fmt::format("'{}' is also a {}:", normalized_word(opts.id),
                                                explain_kind_name(m.kind))));
    text += match_text(p, m, style);
  }
  text += fmt::format("\n{}\n", kb.disclaimer());
  out.write(wrap_text(text, output_width(stdout)));
  out.flush();
  return 0;
}

}  // namespace spotcheck::cli
