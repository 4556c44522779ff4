#include "text_render.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

// An answer in words: "yes", "4 years", "purpura: purple spots or patches from 2 mm to 1 cm".
std::string answer_words(const Finding& f, double v) {
  switch (f.type) {
    case FindingType::kBool:
      return v != 0 ? "yes" : "no";
    case FindingType::kNumber: {
      const std::string number =
          v == std::floor(v) && std::abs(v) < 1e9 ? fmt::format("{}", v) : fmt::format("{:.3g}", v);
      return f.unit.empty() ? number : fmt::format("{} {}", number, f.unit);
    }
    case FindingType::kChoice: {
      const auto k = static_cast<std::size_t>(v);
      std::string name = f.choices[k];
      for (char& ch : name)
        if (ch == '_') ch = ' ';
      return f.choice_help[k].empty() ? name : fmt::format("{}: {}", name, f.choice_help[k]);
    }
  }
  return {};
}

namespace {

// The unanswered questions that could take the advice to `level`, as "question (--flag)".
std::vector<std::string> deciding_questions(const KnowledgeBase& kb, const Result& r,
                                            std::size_t level, std::size_t most) {
  std::vector<std::string> out;
  for (const NextQuestion& q : r.next_questions)
    if (q.why == NextQuestion::Why::kCouldRaiseTriage && q.level == level && out.size() < most)
      out.push_back(kb.findings()[q.finding].question);
  return out;
}

bool answered_anything(const KnowledgeBase& kb, const Case& c) {
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f)
    if (c.known(f)) return true;
  return false;
}

// The answers as understood, each with its question, so that a slip can be seen: the JSON
// result has them as `answers`.
void render_answers(const KnowledgeBase& kb, const Case& c, const Style& style, std::string& out) {
  out += fmt::format("\n{}\n", style.bold("What you told us:"));
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f)
    if (c.known(f))
      out += fmt::format("  {} {}\n", kb.findings()[f].question,
                         style.bold(answer_words(kb.findings()[f], c.value(f))));
}

void render_questions(const KnowledgeBase& kb, const Result& r, const Style& style,
                      std::string& out) {
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

}  // namespace

std::string render_text(const KnowledgeBase& kb, const Case& c, const Result& r,
                        const Style& style) {
  std::string out;
  // With no answers there is nothing to weigh: say so, and ask what matters most first,
  // rather than print a confident level and causes ranked on priors alone.
  if (!answered_anything(kb, c)) {
    out += fmt::format("{}\n", style.bold("Nothing was answered yet, so spotcheck cannot say how "
                                          "urgent this is."));
    out += fmt::format("It could be {}. Answer these first, with the flags shown:\n",
                       kb.triage_levels()[r.possible_level].label);
    render_questions(kb, r, style, out);
    out += fmt::format("\n{}\n", kb.disclaimer());
    return out;
  }

  const TriageLevel& level = kb.triage_levels()[r.triage_level];
  out += fmt::format("{}  {}\n", style.level(r.triage_level, fmt::format(" {} ", level.label)),
                     style.bold(triage_advice(kb, r)));
  if (!level.note.empty()) out += fmt::format("{}\n", style.bold(level.note));
  if (r.possible_level < r.triage_level) {
    const auto questions = deciding_questions(kb, r, r.possible_level, 3);
    const std::string label = kb.triage_levels()[r.possible_level].label;
    if (questions.empty())
      out += fmt::format("Could be {}: other answers could make this more urgent.\n",
                         style.level(r.possible_level, label));
    else
      out += fmt::format("Could be {}: check now: {}\n", style.level(r.possible_level, label),
                         fmt::join(questions, " "));
  }

  // Answers that cannot all be true: said before anything rests on them.
  for (const std::size_t i : r.contradictions)
    out += fmt::format("{} {}\n", style.bold("Check your answers:"), kb.contradictions()[i].text);

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

  // At the most urgent level only the causes that matter are listed: those the red flags
  // point to, and those some answer supports; a cause with neither is not relevant yet.
  const bool most_urgent = r.triage_level == 0;
  out += fmt::format("\n{}\n", style.bold("Possible causes to discuss with a doctor:"));
  std::size_t shown = 0;
  for (const RankedCause& rc : r.causes) {
    if (most_urgent && !rc.pinned && rc.evidence_for.empty()) continue;
    const Cause& cause = kb.causes()[rc.cause];
    out += fmt::format(
        "  {}. {}  {}\n", ++shown, style.bold(cause.name),
        style.dim(fmt::format("[{}; {}; score {:.2f}]", kb.categories()[cause.category].name,
                              cause.id, rc.score)));
    if (rc.pinned) out += "       ! Must not be missed: the warning signs above point to it.\n";
    for (const EvidenceHit& h : rc.evidence_for)
      out += fmt::format("       + {}\n", kb.evidence()[h.item].text);
    for (const EvidenceHit& h : rc.evidence_against)
      out += fmt::format("       - {}{}\n", kb.evidence()[h.item].text,
                         h.condition_true ? "" : " (not so here)");
  }
  if (shown == 0) out += "  (none listed)\n";

  render_answers(kb, c, style, out);

  if (!r.next_questions.empty()) {
    out += fmt::format("\n{}\n", style.bold(most_urgent ? "Answers a doctor will ask about:"
                                                        : "Answers that would help most:"));
    render_questions(kb, r, style, out);
  }

  // Not dimmed: the safety line must stay readable.
  out += fmt::format("\n{}\n", kb.disclaimer());
  return out;
}

}  // namespace spotcheck::cli
