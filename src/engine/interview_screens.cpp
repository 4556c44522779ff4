// The interview's screens (KnowledgeBase::screens()): yes/no questions put as one list,
// "Does any of these apply?". How a list is measured (from its members' own measure and
// its own answers), recorded, taken back, and explained; interview.cpp decides when it is
// asked, like any question.
#include <algorithm>
#include <cmath>

#include <spotcheck/interview.h>

#include "program.h"

namespace spotcheck {
namespace {

std::size_t distance(std::size_t a, std::size_t b) {
  return a > b ? a - b : b - a;
}

}  // namespace

void Interview::answer_screen(const QuestionValue& asked, const std::vector<std::size_t>& yes,
                              bool others_unknown) {
  const std::size_t step = next_step();
  history_.push_back({kNoFinding, std::nan(""), true, step, asked.screen});
  for (std::size_t k = 0; k < asked.members.size(); ++k) {
    const bool applies = std::find(yes.begin(), yes.end(), k) != yes.end();
    const bool left_unknown = !applies && others_unknown;
    const double value = left_unknown ? std::nan("") : applies ? 1.0 : 0.0;
    history_.push_back({asked.members[k], value, false, step, asked.screen, left_unknown});
  }
  rebuild_case();
}

void Interview::pass_screen(const QuestionValue& asked) {
  const std::size_t step = next_step();
  history_.push_back({kNoFinding, std::nan(""), true, step, asked.screen});
  for (const std::size_t m : asked.members)
    history_.push_back({m, std::nan(""), false, step, asked.screen, true});
}

void Interview::skip(const QuestionValue& asked) {
  if (asked.screen == QuestionValue::kNoScreen) return skip(asked.finding);
  const std::size_t step = next_step();
  history_.push_back({kNoFinding, std::nan(""), true, step, asked.screen});
  for (const std::size_t m : asked.members)
    history_.push_back({m, std::nan(""), true, step, asked.screen});
}

bool Interview::red_flag(const QuestionValue& q) const {
  if (q.screen == QuestionValue::kNoScreen) return kb_.findings()[q.finding].red_flag;
  return std::any_of(q.members.begin(), q.members.end(),
                     [&](std::size_t m) { return kb_.findings()[m].red_flag; });
}

QuestionValue Interview::assess_screen(std::size_t s, const std::vector<std::size_t>& members,
                                       const std::vector<QuestionValue>& values) {
  QuestionValue q;
  q.screen = s;
  q.finding = members.front();
  q.members = members;
  // What each member could do asked alone (its other answers unknown, the worse case).
  for (const QuestionValue& v : values) {
    if (std::find(members.begin(), members.end(), v.finding) == members.end()) continue;
    q.reveals_emergency |= v.reveals_emergency;
    q.level_shift = std::max(q.level_shift, v.level_shift);
    q.raise = std::max(q.raise, v.raise);
    q.possible_shift = std::max(q.possible_shift, v.possible_shift);
    q.pair_raise = std::max(q.pair_raise, v.pair_raise);
    q.causes_shift = std::max(q.causes_shift, v.causes_shift);
    q.score_shift = std::max(q.score_shift, v.score_shift);
  }
  // And the answers as the list gives them: one member yes and the others no, then none.
  const auto listed = [&](std::size_t a, std::size_t b) {
    trial_ = case_;
    for (std::size_t k = 0; k < members.size(); ++k)
      trial_.set(members[k], k == a || k == b ? 1.0 : 0.0);
  };
  for (std::size_t k = 0; k <= members.size(); ++k) {
    listed(k, k);
    const Result& r = trying_.evaluate(trial_);
    bool moved = false;
    for (std::size_t t = 0; t < top_.size(); ++t)
      moved |= std::find(top_.begin(), top_.end(), r.causes[t].cause) == top_.end();
    const double value = k < members.size() ? static_cast<double>(k) : -1.0;
    q.outcomes.push_back({value, r.triage_level, r.possible_level, moved});
    q.reveals_emergency |= r.triage_level == 0;
    q.level_shift = std::max(q.level_shift, distance(r.triage_level, level_));
    if (r.triage_level < level_) q.raise = std::max(q.raise, level_ - r.triage_level);
    q.possible_shift = std::max(q.possible_shift, distance(r.possible_level, possible_));
  }
  // Two members that make an emergency together (a head injury on a blood thinner): the
  // list asks both at once, so it reveals that emergency as a single question would.
  for (std::size_t a = 0; a < members.size() && !q.reveals_emergency; ++a)
    for (std::size_t b = a + 1; b < members.size() && !q.reveals_emergency; ++b) {
      listed(a, b);
      if (triage_only_.evaluate(trial_).triage_level == 0) {
        q.reveals_emergency = q.emergency_needs_two = true;
        q.raise = std::max(q.raise, level_);
      }
    }
  return q;
}

std::size_t Interview::rank(const QuestionValue& q) const {
  if (q.screen == QuestionValue::kNoScreen) return opening_rank_[q.finding];
  std::size_t best = opening_rank_.size();
  for (const std::size_t m : q.members) best = std::min(best, opening_rank_[m]);
  return best;
}

std::size_t Interview::first_finding(const QuestionValue& q) {
  if (q.screen == QuestionValue::kNoScreen) return q.finding;
  return *std::min_element(q.members.begin(), q.members.end());
}

QuestionWhy Interview::why(const QuestionValue& asked) {
  if (asked.screen == QuestionValue::kNoScreen) return why(asked.finding);
  QuestionWhy w = bearing(asked.members);
  w.value = asked;
  return w;
}

}  // namespace spotcheck
