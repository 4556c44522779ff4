#include "what_if_render.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <spotcheck/answer.h>
#include <spotcheck/error.h>
#include <spotcheck/presentation.h>

#include "printable.h"
#include "text_render.h"

namespace spotcheck::cli {
namespace {

using ordered_json = nlohmann::ordered_json;

// "fever=yes", "age=0.04 years", "lesion=petechiae", "fever=unknown".
std::string change_words(const Presentation& p, const KnowledgeBase& kb, const AnswerChange& a) {
  const Finding& f = kb.findings()[a.finding];
  if (std::isnan(a.value)) return f.id + "=unknown";
  if (f.type == FindingType::kChoice)
    return f.id + "=" + f.choices[static_cast<std::size_t>(a.value)];
  return f.id + "=" + p.answer_words(a.finding, a.value);
}

ordered_json answer_value(const KnowledgeBase& kb, const AnswerChange& a) {
  const Finding& f = kb.findings()[a.finding];
  if (std::isnan(a.value)) return nullptr;
  switch (f.type) {
    case FindingType::kBool:
      return a.value != 0;
    case FindingType::kNumber:
      return a.value;
    case FindingType::kChoice:
      return f.choices[static_cast<std::size_t>(a.value)];
  }
  return nullptr;  // not reached
}

std::string lesion_id(const KnowledgeBase& kb, int lesion) {
  return lesion < 0
             ? std::string("unknown")
             : kb.findings()[*kb.lesion_type_finding()].choices[static_cast<std::size_t>(lesion)];
}

// A score as the result writes it: three decimals.
double rounded(double score) {
  return std::round(score * 1000) / 1000;
}

const char* kind_name(CauseMove::Kind kind) {
  switch (kind) {
    case CauseMove::Kind::kEntered:
      return "entered";
    case CauseMove::Kind::kRose:
      return "rose";
    case CauseMove::Kind::kFell:
      return "fell";
    case CauseMove::Kind::kLeft:
      return "left";
  }
  return "entered";  // not reached
}

}  // namespace

std::vector<AnswerChange> parse_what_ifs(const KnowledgeBase& kb,
                                         const std::vector<std::string>& texts) {
  std::vector<AnswerChange> changes;
  std::vector<std::string> given;  // the text of each change, for a contradiction
  for (const std::string& text : texts) {
    AnswerChange change;
    if (const auto problem = parse_answer_change(kb, text, change))
      throw Error(printable(fmt::format("--what-if '{}': {}", quote_for_message(text), *problem)),
                  kExitUsage);
    bool repeated = false;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].finding != change.finding) continue;
      const bool same = (std::isnan(changes[i].value) && std::isnan(change.value)) ||
                        changes[i].value == change.value;
      if (!same)
        throw Error(printable(fmt::format("--what-if '{}' and --what-if '{}' contradict each "
                                          "other: give '{}' once",
                                          quote_for_message(given[i]), quote_for_message(text),
                                          kb.findings()[change.finding].id)),
                    kExitUsage);
      repeated = true;
    }
    if (repeated) continue;
    changes.push_back(change);
    given.push_back(text);
  }
  return changes;
}

std::string render_what_if_text(const KnowledgeBase& kb, const WhatIf& w, const Style& style) {
  const Presentation presentation(kb);  // built once: it words every finding of the KB
  std::vector<std::string> answers;
  for (const AnswerChange& a : w.changes) answers.push_back(change_words(presentation, kb, a));
  const auto label = [&](std::size_t level) {
    return style.level(kb.triage_levels()[level].color, kb.triage_levels()[level].label);
  };
  std::string out =
      fmt::format("\n{} {}\n", style.bold("What if (hypothetical, not your answers):"),
                  fmt::join(answers, ", "));
  if (w.same_answers) {
    out += "  No change: these are already your answers.\n";
  } else if (!w.changed()) {
    out += fmt::format("  No change: the same advice, causes in the top {} and rules.\n",
                       kWhatIfTopCauses);
  } else {
    if (w.level_before != w.level_after)
      out += fmt::format("  Advice would be:    {} instead of {}\n", label(w.level_after),
                         label(w.level_before));
    else
      out += fmt::format("  Advice would stay:  {}\n", label(w.level_after));
    if (w.possible_before != w.possible_after)
      out += fmt::format("  Could still become: {} instead of {}\n", label(w.possible_after),
                         label(w.possible_before));
    if (w.lesion_before != w.lesion_after)
      out += fmt::format("  Lesion type:        {} instead of {}\n", lesion_id(kb, w.lesion_after),
                         lesion_id(kb, w.lesion_before));
    if (!w.causes.empty()) out += fmt::format("  Causes in the top {}:\n", kWhatIfTopCauses);
    for (const CauseMove& m : w.causes) {
      const Cause& cause = kb.causes()[m.cause];
      const std::string scores = style.dim(
          fmt::format("[{}; score {:.2f} -> {:.2f}]", cause.id, m.score_before, m.score_after));
      switch (m.kind) {
        case CauseMove::Kind::kEntered:
          out += fmt::format("    + {} would enter at {}  {}\n", cause.name, m.rank_after, scores);
          break;
        case CauseMove::Kind::kRose:
          out += fmt::format("    ^ {} would rise from {} to {}  {}\n", cause.name, m.rank_before,
                             m.rank_after, scores);
          break;
        case CauseMove::Kind::kFell:
          out += fmt::format("    v {} would fall from {} to {}  {}\n", cause.name, m.rank_before,
                             m.rank_after, scores);
          break;
        case CauseMove::Kind::kLeft:
          out +=
              fmt::format("    - {} would leave (was {})  {}\n", cause.name, m.rank_before, scores);
          break;
      }
    }
    if (!w.rules.empty()) out += "  Rules:\n";
    for (const RuleFlip& flip : w.rules) {
      const TriageRule& rule = kb.triage_rules()[flip.rule];
      out += fmt::format("    {} {} ({}) would {}\n", flip.fires_after ? "+" : "-", rule.id,
                         kb.triage_levels()[rule.level].label,
                         flip.fires_after ? "fire: " + rule.text : "no longer fire");
    }
  }
  // The hypothetical never stands in for the advice: say which one applies, more firmly
  // when the what-if would be less urgent.
  if (w.level_after > w.level_before)
    out += fmt::format("{} The advice that applies is {}, for the answers you gave.\n",
                       style.bold("Only if those answers were true."), label(w.level_before));
  else
    out += "The advice that applies is the one above, for the answers you gave.\n";
  out += fmt::format("\n{}\n", kb.disclaimer());
  return out;
}

void append_what_if_json(const KnowledgeBase& kb, const WhatIf& w, std::string& result_json) {
  const auto level = [&](std::size_t l) { return kb.triage_levels()[l].id; };
  ordered_json answers = ordered_json::object();
  for (const AnswerChange& a : w.changes)
    answers[kb.findings()[a.finding].id] = answer_value(kb, a);
  ordered_json causes = ordered_json::array();
  for (const CauseMove& m : w.causes)
    causes.push_back({{"id", kb.causes()[m.cause].id},
                      {"change", kind_name(m.kind)},
                      {"rank_before", m.rank_before ? ordered_json(m.rank_before) : ordered_json()},
                      {"rank_after", m.rank_after ? ordered_json(m.rank_after) : ordered_json()},
                      {"score_before", rounded(m.score_before)},
                      {"score_after", rounded(m.score_after)}});
  ordered_json rules = ordered_json::array();
  for (const RuleFlip& flip : w.rules)
    rules.push_back({{"rule", kb.triage_rules()[flip.rule].id},
                     {"level", level(kb.triage_rules()[flip.rule].level)},
                     {"fires_before", !flip.fires_after},
                     {"fires_after", flip.fires_after}});
  const ordered_json j = {
      {"hypothetical", true},
      {"answers", std::move(answers)},
      {"same_answers", w.same_answers},
      {"changed", w.changed()},
      {"top", kWhatIfTopCauses},
      {"triage",
       {{"level", {{"before", level(w.level_before)}, {"after", level(w.level_after)}}},
        {"possible_level",
         {{"before", level(w.possible_before)}, {"after", level(w.possible_after)}}}}},
      {"lesion",
       {{"before", lesion_id(kb, w.lesion_before)}, {"after", lesion_id(kb, w.lesion_after)}}},
      {"causes", std::move(causes)},
      {"rules", std::move(rules)}};
  // Into the result object, as its last key: the result itself stays as it was.
  if (result_json.empty() || result_json.back() != '}') return;  // not reached: one object
  result_json.pop_back();
  if (result_json.size() > 1) result_json += ',';
  result_json += "\"what_if\":";
  result_json += j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  result_json += '}';
}

}  // namespace spotcheck::cli
