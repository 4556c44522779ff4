#include "ask_screen.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace spotcheck::cli {
namespace {

const Screen& screen_of(const KnowledgeBase& kb, const QuestionValue& q) {
  return kb.screens()[q.screen];
}

// The member's line in the list, as the knowledge base words it.
const std::string& member_text(const KnowledgeBase& kb, const QuestionValue& q, std::size_t k) {
  const Screen& s = screen_of(kb, q);
  for (std::size_t i = 0; i < s.members.size(); ++i)
    if (s.members[i] == q.members[k]) return s.member_text[i];
  return kb.findings()[q.members[k]].question;
}

}  // namespace

std::string screen_hint(const QuestionValue& screen) {
  return fmt::format("[1-{}, none, ?]", screen.members.size());
}

std::string screen_prompt(const KnowledgeBase& kb, const QuestionValue& screen, std::size_t number,
                          const Style& style) {
  std::string out = fmt::format("{}. {}\n", number, style.bold(screen_of(kb, screen).question));
  // Numbers right-aligned, so that the lines start together past 9.
  const std::size_t width = screen.members.size() > 9 ? 2 : 1;
  for (std::size_t k = 0; k < screen.members.size(); ++k)
    out += fmt::format("    {:>{}}  {}\n", k + 1, width + 1, member_text(kb, screen, k));
  // The numbers answer yes to those and no to the others: said where the answer is typed.
  return out + fmt::format(
                   "   The numbers of those that apply (the others count as no; add ? if unsure of "
                   "them), "
                   "none, or ? "
                   "{} ",
                   screen_hint(screen));
}

std::string screen_help(const KnowledgeBase& kb, const QuestionValue& screen) {
  std::string out;
  const std::string& help = screen_of(kb, screen).help;
  if (!help.empty()) out += fmt::format("  {}\n", help);
  out += fmt::format(
      "  Answer with the numbers of those that apply, as in '2' or '1 3': each number is a "
      "yes, and every other line of the list a no. Add ? ('2 ?') if you are not sure of the "
      "others: they are then asked on their own. none: none of them applies. ?: you do not "
      "know; each is then asked on its own.\n"
      "  Or type: why (what this question is for), back (change the last answer), skip (ask "
      "them later), quit (stop and see the result so far).\n");
  return out;
}

std::vector<std::string> screen_effects(const KnowledgeBase& kb, const QuestionWhy& w) {
  std::vector<std::string> lines;
  const QuestionValue& q = w.value;
  bool causes = false;
  for (const AnswerOutcome& o : q.outcomes) {
    causes |= o.causes_change;
    if (o.level == w.level) continue;
    const std::string& label = kb.triage_levels()[o.level].label;
    if (o.value < 0)
      lines.push_back(fmt::format("None of them would make the advice {}.", label));
    else
      lines.push_back(fmt::format("A yes to {} ('{}') would make the advice {}.",
                                  static_cast<std::size_t>(o.value) + 1,
                                  member_text(kb, q, static_cast<std::size_t>(o.value)), label));
  }
  if (q.emergency_needs_two)
    lines.push_back(
        fmt::format("Two of them together would make the advice {}.", kb.triage_levels()[0].label));
  if (causes) lines.push_back("Its answer would change which possible causes lead.");
  return lines;
}

std::string screen_understood(const QuestionValue& screen, const std::vector<std::size_t>& picks,
                              double value) {
  if (picks.empty() && std::isnan(value))
    return "Not known: each of them is asked on its own where it still matters.";
  if (picks.empty()) return "None of them: no to each.";
  std::vector<std::size_t> numbers;
  for (const std::size_t k : picks) numbers.push_back(k + 1);
  if (picks.size() == screen.members.size())
    return fmt::format("Yes to {}.", fmt::join(numbers, ", "));
  if (std::isnan(value))
    return fmt::format("Yes to {}; the others are asked on their own where they still matter.",
                       fmt::join(numbers, ", "));
  return fmt::format("Yes to {}; no to the other{}.", fmt::join(numbers, ", "),
                     screen.members.size() - picks.size() == 1 ? "" : "s");
}

}  // namespace spotcheck::cli
