// A what-if is two evaluations and a comparison of the results.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <spotcheck/answer.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/what_if.h>

namespace spotcheck {
namespace {

// "fever=yes", "lesion=petechiae", "age=NUMBER": the shape of a what-if for one finding,
// from the knowledge base, for the message that says what was expected.
std::string example_for(const KnowledgeBase& kb, std::size_t f) {
  const Finding& finding = kb.findings()[f];
  switch (finding.type) {
    case FindingType::kBool:
      return finding.id + "=yes";
    case FindingType::kNumber:
      return finding.id + "=NUMBER";
    case FindingType::kChoice:
      return finding.id + "=" + (finding.choices.empty() ? "CHOICE" : finding.choices.front());
  }
  return finding.id + "=VALUE";  // not reached
}

bool same_value(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

// The first kWhatIfTopCauses causes of `r`.
std::vector<std::size_t> top_of(const Result& r) {
  std::vector<std::size_t> top;
  for (std::size_t k = 0; k < r.causes.size() && k < kWhatIfTopCauses; ++k)
    top.push_back(r.causes[k].cause);
  return top;
}

double score_of(const Result& r, std::size_t cause) {
  for (const RankedCause& rc : r.causes)
    if (rc.cause == cause) return rc.score;
  return 0;  // not reached: every cause is ranked (max_causes 0)
}

std::size_t rank_in(const std::vector<std::size_t>& top, std::size_t cause) {
  const auto at = std::find(top.begin(), top.end(), cause);
  return at == top.end() ? 0 : static_cast<std::size_t>(at - top.begin()) + 1;
}

}  // namespace

std::optional<std::string> parse_answer_change(const KnowledgeBase& kb, std::string_view text,
                                               AnswerChange& out) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    const auto f = find_finding_named(kb, text);
    const std::size_t example = f && *f < kb.input_finding_count() ? *f : 0;
    return fmt::format("expected FINDING=VALUE, e.g. '{}'",
                       kb.input_finding_count() ? example_for(kb, example) : "FINDING=VALUE");
  }
  // "fever = yes" reads as "fever=yes", as the value's own white space is ignored.
  std::string_view name = text.substr(0, eq);
  const std::size_t first = name.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return std::string("no finding before '=' (expected FINDING=VALUE)");
  name = name.substr(first, name.find_last_not_of(" \t") - first + 1);
  const auto f = find_finding_named(kb, name);
  if (!f || kb.findings()[*f].derived) return finding_name_problem(kb, name).message;
  double value = 0;
  if (auto problem = parse_answer(kb, *f, text.substr(eq + 1), name, value))
    return problem->message;
  out = {*f, value};
  return std::nullopt;
}

bool WhatIf::changed() const {
  return level_before != level_after || possible_before != possible_after ||
         lesion_before != lesion_after || !causes.empty() || !rules.empty();
}

WhatIf what_if(const KnowledgeBase& kb, const Case& c, std::span<const AnswerChange> changes) {
  WhatIf w;
  Case changed = c;
  for (const AnswerChange& change : changes) {
    // One entry per finding, the last one counting, as Case::set would have it.
    const auto same = std::find_if(w.changes.begin(), w.changes.end(), [&](const AnswerChange& a) {
      return a.finding == change.finding;
    });
    if (same != w.changes.end())
      same->value = change.value;
    else
      w.changes.push_back(change);
    changed.set(change.finding, change.value);
  }
  w.same_answers = std::all_of(w.changes.begin(), w.changes.end(), [&](const AnswerChange& a) {
    return same_value(c.value(a.finding), a.value);
  });

  // Every cause ranked, so that a cause entering the top has a score from before.
  EvaluationOptions options;
  options.max_causes = 0;
  options.max_questions = 0;
  Evaluator evaluator(kb, options);
  const Result before = evaluator.evaluate(c);
  const Result& after = evaluator.evaluate(changed);

  w.level_before = before.triage_level;
  w.level_after = after.triage_level;
  w.possible_before = before.possible_level;
  w.possible_after = after.possible_level;
  w.lesion_before = before.lesion;
  w.lesion_after = after.lesion;

  const auto top_before = top_of(before), top_after = top_of(after);
  for (const std::size_t cause : top_after) {
    CauseMove m{cause,
                CauseMove::Kind::kEntered,
                rank_in(top_before, cause),
                rank_in(top_after, cause),
                score_of(before, cause),
                score_of(after, cause)};
    if (m.rank_before == m.rank_after) continue;
    if (m.rank_before != 0)
      m.kind = m.rank_after < m.rank_before ? CauseMove::Kind::kRose : CauseMove::Kind::kFell;
    w.causes.push_back(m);
  }
  for (const std::size_t cause : top_before)
    if (rank_in(top_after, cause) == 0)
      w.causes.push_back({cause, CauseMove::Kind::kLeft, rank_in(top_before, cause), 0,
                          score_of(before, cause), score_of(after, cause)});

  // `fired` is in KB order in both results: one merge finds the rules in only one.
  std::size_t i = 0, j = 0;
  while (i < before.fired.size() || j < after.fired.size()) {
    if (j == after.fired.size() || (i < before.fired.size() && before.fired[i] < after.fired[j]))
      w.rules.push_back({before.fired[i++], false});
    else if (i == before.fired.size() || after.fired[j] < before.fired[i])
      w.rules.push_back({after.fired[j++], true});
    else
      ++i, ++j;
  }
  return w;
}

}  // namespace spotcheck
