#include "ask_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ask_screen.h"

namespace spotcheck::cli {
namespace {

// A choice id as a person reads it: "face_neck" as "face neck" (also how it can be typed).
std::string spoken(std::string id) {
  std::replace(id.begin(), id.end(), '_', ' ');
  return id;
}

// The other units a number may be given in, one name per factor (the longest: "months"
// rather than "m"), the finding's own unit left out.
std::vector<std::string> other_units(const Finding& x) {
  std::vector<std::pair<double, std::string>> by_factor;
  for (std::size_t i = 0; i < x.unit_names.size(); ++i) {
    if (x.unit_factors[i] == 1 || x.unit_names[i] == x.unit) continue;
    auto same = std::find_if(by_factor.begin(), by_factor.end(),
                             [&](const auto& p) { return p.first == x.unit_factors[i]; });
    if (same == by_factor.end())
      by_factor.emplace_back(x.unit_factors[i], x.unit_names[i]);
    else if (x.unit_names[i].size() > same->second.size())
      same->second = x.unit_names[i];
  }
  // Largest first: "months, weeks, days".
  std::stable_sort(by_factor.begin(), by_factor.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> names;
  for (auto& p : by_factor) names.push_back(std::move(p.second));
  return names;
}

std::string number_text(double x) {
  return fmt::format("{}", x);
}

const std::string& label(const KnowledgeBase& kb, std::size_t level) {
  return kb.triage_levels()[level].label;
}

// What the answers of one question would do to the advice, one line each.
std::vector<std::string> effects(const KnowledgeBase& kb, const QuestionWhy& w) {
  if (w.value.screen != QuestionValue::kNoScreen) return screen_effects(kb, w);
  const Finding& x = kb.findings()[w.value.finding];
  std::vector<std::string> lines;
  bool causes = false;
  if (x.type == FindingType::kNumber) {
    std::vector<std::string> levels;
    for (const AnswerOutcome& o : w.value.outcomes) {
      causes |= o.causes_change;
      const std::string& l = label(kb, o.level);
      if (o.level != w.level && std::find(levels.begin(), levels.end(), l) == levels.end())
        levels.push_back(l);
    }
    if (!levels.empty())
      lines.push_back(fmt::format("Depending on the answer, the advice could become {}.",
                                  fmt::join(levels, " or ")));
  } else {
    for (const AnswerOutcome& o : w.value.outcomes) {
      causes |= o.causes_change;
      const std::string answer =
          x.type == FindingType::kBool
              ? (o.value != 0 ? "A yes" : "A no")
              : fmt::format("'{}'", spoken(x.choices[static_cast<std::size_t>(o.value)]));
      if (o.level != w.level)
        lines.push_back(fmt::format("{} would make the advice {}.", answer, label(kb, o.level)));
      else if (o.possible_level > w.possible_level)
        lines.push_back(fmt::format("{} would rule out {}: the advice could then be {} at most.",
                                    answer, label(kb, w.possible_level),
                                    label(kb, o.possible_level)));
    }
  }
  if (causes) lines.push_back("Its answer would change which possible causes lead.");
  return lines;
}

}  // namespace

std::string answer_hint(const KnowledgeBase& kb, std::size_t f) {
  const Finding& x = kb.findings()[f];
  switch (x.type) {
    case FindingType::kBool:
      return "[y/n/?]";
    case FindingType::kChoice:
      return fmt::format("[1-{} or a name, ?]", x.choices.size());
    case FindingType::kNumber: {
      const std::vector<std::string> others = other_units(x);
      std::string units = x.unit.empty() ? "a number" : x.unit;
      if (!others.empty()) units += fmt::format(" (or {})", fmt::join(others, ", "));
      return fmt::format("[{}; ?]", units);
    }
  }
  return "[?]";
}

std::string question_prompt(const KnowledgeBase& kb, std::size_t f, std::size_t number,
                            const Style& style) {
  const Finding& x = kb.findings()[f];
  std::string out = fmt::format("{}. {}", number, style.bold(x.question));
  if (x.type == FindingType::kChoice) {
    out += '\n';
    for (std::size_t c = 0; c < x.choices.size(); ++c) {
      const std::string& help = x.choice_help[c];
      out += fmt::format("     {}  {}{}\n", c + 1, spoken(x.choices[c]),
                         help.empty() ? "" : ": " + help);
    }
    out += "   ";
  }
  return out + " " + answer_hint(kb, f) + " ";
}

std::string help_text(const KnowledgeBase& kb, std::size_t f) {
  const Finding& x = kb.findings()[f];
  std::string out;
  if (!x.help.empty()) out += fmt::format("  {}\n", x.help);
  switch (x.type) {
    case FindingType::kBool:
      out += "  Answer y (yes), n (no), or ? if you do not know.\n";
      break;
    case FindingType::kChoice:
      out +=
          "  Answer with the number or the name of one of the choices, or ? if you do not "
          "know.\n";
      break;
    case FindingType::kNumber: {
      const std::vector<std::string> others = other_units(x);
      out += fmt::format("  Answer with a number{} from {}{} to {}{}, or ? if you do not know.\n",
                         x.unit.empty() ? "" : " of " + x.unit, x.min_exclusive ? "over " : "",
                         number_text(x.min), number_text(x.max),
                         others.empty() ? ""
                                        : fmt::format("; you can give another unit ({}), as in "
                                                      "'6 {}'",
                                                      fmt::join(others, ", "), others.front()));
      break;
    }
  }
  out +=
      "  Or type: why (what this question is for), back (change the last answer), skip (ask it "
      "later), quit (stop and see the result so far).\n";
  return out;
}

std::string why_text(const KnowledgeBase& kb, const QuestionWhy& w, const QuestionValue& asked) {
  std::string out = "  Why this question:\n";
  if (asked.decides_for)
    out += fmt::format(
        "    It comes before \"{}\": its answer decides whether a yes there makes the advice {}.\n",
        kb.findings()[*asked.decides_for].question, label(kb, 0));
  for (const std::string& line : effects(kb, w)) out += fmt::format("    {}\n", line);
  if (!w.rules.empty()) {
    out += "  The warning signs it bears on:\n";
    constexpr std::size_t kShown = 5;
    for (std::size_t i = 0; i < std::min(kShown, w.rules.size()); ++i) {
      const TriageRule& rule = kb.triage_rules()[w.rules[i]];
      out += fmt::format("    {}: {}\n", label(kb, rule.level), rule.text);
    }
    if (w.rules.size() > kShown) out += fmt::format("    and {} more\n", w.rules.size() - kShown);
  }
  if (!w.causes.empty()) {
    std::vector<std::string> names;
    for (const std::size_t c : w.causes) names.push_back(kb.causes()[c].name);
    out += fmt::format("  The possible causes it helps tell apart: {}.\n", fmt::join(names, "; "));
  }
  return out;
}

std::string understood_text(const KnowledgeBase& kb, std::size_t f, double value,
                            const std::string& typed) {
  const Finding& x = kb.findings()[f];
  if (x.type != FindingType::kNumber || std::isnan(value)) return {};
  // Only a number given in another unit needs saying back ("6m" is 0.5 years).
  if (std::strtod(typed.c_str(), nullptr) == value) return {};
  return fmt::format("= {:.3g} {}", value, x.unit);
}

std::string intro_text(const KnowledgeBase& kb) {
  return fmt::format(
      "spotcheck ask: questions about {}, one at a time, the most important first.\n"
      "Answer y (yes), n (no) or ? (don't know). At any question you can type why, help, back, "
      "skip or quit.\n{}\n\n",
      kb.wording().subject, kb.disclaimer());
}

}  // namespace spotcheck::cli
