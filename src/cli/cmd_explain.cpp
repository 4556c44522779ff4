// spotcheck explain ID: what any id of the knowledge base means, in words. A cause (what
// supports and opposes it, codes, sources), a finding (its question, how to check it, its
// answers, a red flag's floor), a lesion type, a triage rule (what it says, when, its
// sources), a source (title and link) or a category. Names match in any letter case, with
// '-' or ' ' for '_'; an id that names several things (a rule and a cause) shows each.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <spotcheck/error.h>

#include "commands.h"
#include "output.h"
#include "text_render.h"

namespace spotcheck::cli {
namespace {

using ojson = nlohmann::ordered_json;

enum class Kind { kCause, kFinding, kLesion, kRule, kSource, kCategory };
constexpr const char* kKindNames[] = {"cause", "finding", "lesion type",
                                      "rule",  "source",  "category"};

struct Match {
  Kind kind;
  std::size_t index;
};

std::string normalized(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '-' || c == ' ') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <typename T>
void find_in(std::span<const T> items, Kind kind, const std::string& id, std::vector<Match>& out,
             std::vector<std::string>& all) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    all.push_back(items[i].id);
    if (items[i].id == id) out.push_back({kind, i});
  }
}

std::vector<Match> find_all(const KnowledgeBase& kb, const std::string& id,
                            std::vector<std::string>& all) {
  std::vector<Match> out;
  find_in(kb.causes(), Kind::kCause, id, out, all);
  find_in(kb.findings(), Kind::kFinding, id, out, all);
  find_in(kb.lesion_types(), Kind::kLesion, id, out, all);
  find_in(kb.triage_rules(), Kind::kRule, id, out, all);
  find_in(kb.sources(), Kind::kSource, id, out, all);
  find_in(kb.categories(), Kind::kCategory, id, out, all);
  return out;
}

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

std::string cause_text(const KnowledgeBase& kb, const Cause& c, const Style& style) {
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
  return text + "\n" + style.dim("A possible cause to discuss with a doctor, not a diagnosis.") +
         "\n";
}

// ---- findings ----------------------------------------------------------------------------

// What an answer may be, in words.
std::string answers_text(const Finding& f) {
  switch (f.type) {
    case FindingType::kBool:
      return "yes or no";
    case FindingType::kNumber: {
      std::string text =
          fmt::format("a number{} from {}{} to {}", f.unit.empty() ? "" : " of " + f.unit,
                      f.min_exclusive ? "over " : "", f.min, f.max);
      if (!f.unit_names.empty()) text += fmt::format(" (units: {})", fmt::join(f.unit_names, ", "));
      return text;
    }
    case FindingType::kChoice:
      return "one of the choices below";
  }
  return {};
}

ojson finding_json(const KnowledgeBase& kb, const Finding& f) {
  static constexpr const char* kTypes[] = {"bool", "number", "choice"};
  ojson j = {{"kind", "finding"},
             {"id", f.id},
             {"type", kTypes[static_cast<int>(f.type)]},
             {"derived", f.derived},
             {"question", f.question},
             {"help", f.help},
             {"answers", answers_text(f)}};
  if (!f.derived) j["flag"] = flag_for(f);
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

std::string finding_text(const KnowledgeBase& kb, const Finding& f, const Style& style) {
  std::string text =
      fmt::format("{}  {}\n", style.bold(f.question), style.dim(fmt::format("(finding {})", f.id)));
  if (!f.help.empty()) text += fmt::format("  How to tell: {}\n", f.help);
  text += fmt::format("  Answer:      {}\n", answers_text(f));
  for (std::size_t c = 0; c < f.choices.size(); ++c)
    text += fmt::format("    {}. {}{}\n", c + 1, f.choices[c],
                        f.choice_help[c].empty() ? "" : ": " + f.choice_help[c]);
  if (f.derived)
    text += "  Computed from other answers; it cannot be given.\n";
  else
    text += fmt::format("  Flag:        {}   (JSON key \"{}\")\n", flag_for(f), f.id);
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
  if (!t.hpo.empty()) text += fmt::format("  Human Phenotype Ontology: {}\n", t.hpo);
  if (!t.size.empty()) text += fmt::format("  Size: {}\n", t.size);
  return text + fmt::format("\n{}\n", t.description);
}

std::string rule_text(const KnowledgeBase& kb, const TriageRule& r, const Style& style) {
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
  for (const std::string& ref : r.sources) text += fmt::format("    {}\n", source_title(kb, ref));
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

ojson match_json(const KnowledgeBase& kb, const Match& m) {
  switch (m.kind) {
    case Kind::kCause:
      return cause_json(kb, kb.causes()[m.index]);
    case Kind::kFinding:
      return finding_json(kb, kb.findings()[m.index]);
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
  }
  return {};
}

std::string match_text(const KnowledgeBase& kb, const Match& m, const Style& style) {
  switch (m.kind) {
    case Kind::kCause:
      return cause_text(kb, kb.causes()[m.index], style);
    case Kind::kFinding:
      return finding_text(kb, kb.findings()[m.index], style);
    case Kind::kLesion:
      return lesion_text(kb.lesion_types()[m.index], style);
    case Kind::kRule:
      return rule_text(kb, kb.triage_rules()[m.index], style);
    case Kind::kSource:
      return source_text(kb.sources()[m.index], style);
    case Kind::kCategory:
      return category_text(kb, m.index, style);
  }
  return {};
}

}  // namespace

int run_explain(const Context& ctx, const ExplainOptions& opts) {
  const KnowledgeBase& kb = *ctx.kb;
  std::vector<std::string> all;
  const std::string id = normalized(opts.id);
  const std::vector<Match> matches = find_all(kb, id, all);
  if (matches.empty()) {
    const auto hint = closest_match(id, all);
    throw Error(fmt::format("nothing is called '{}' (not a cause, finding, lesion type, rule, "
                            "source or category){} (see 'spotcheck list')",
                            opts.id, hint ? fmt::format("; did you mean '{}'?", *hint) : ""),
                kExitUsage);
  }
  Output out(stdout, "stdout");
  if (opts.json) {
    ojson j = match_json(kb, matches.front());
    if (matches.size() > 1) {
      j["also"] = ojson::array();
      for (std::size_t i = 1; i < matches.size(); ++i)
        j["also"].push_back(match_json(kb, matches[i]));
    }
    out.write(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    out.flush();
    return 0;
  }
  const Style style = Style::for_stream(stdout, ctx.color);
  std::string text;
  for (const Match& m : matches) {
    if (!text.empty())
      text += fmt::format("\n{}\n\n", style.dim(fmt::format("'{}' is also a {}:", id,
                                                            kKindNames[static_cast<int>(m.kind)])));
    text += match_text(kb, m, style);
  }
  text += fmt::format("\n{}\n", kb.disclaimer());
  out.write(text);
  out.flush();
  return 0;
}

}  // namespace spotcheck::cli
