// Which causes a result shows, and in what order: by score, except that the causes a
// fired rule points to (the must-not-miss ones, docs/contract.md section 4) are never
// left out of the first five, and lead when the level is the most urgent one.
#include <algorithm>

#include <spotcheck/evaluator.h>

#include "evaluator_scratch.h"

namespace spotcheck {

void Evaluator::choose_causes(std::size_t kept, std::size_t ordered) {
  Scratch& s = *scratch_;
  const Result& r = result_;
  const auto rules = kb_.triage_rules();
  const double* logit = s.logit.data();
  // Better first: higher log-odds, ties in knowledge-base order (as the ranking).
  const auto better = [&](std::uint32_t a, std::uint32_t b) {
    return logit[a] != logit[b] ? logit[a] > logit[b] : a < b;
  };

  constexpr std::uint32_t kNoCause = static_cast<std::uint32_t>(-1);
  for (const std::uint32_t c : s.pinned) s.is_pinned[c] = 0;
  s.pinned.clear();
  s.pinned_level.clear();
  s.chosen.clear();
  const auto pin = [&](std::uint32_t cause, std::size_t level) {
    s.is_pinned[cause] = 1;
    s.pinned.push_back(cause);
    s.pinned_level.push_back(static_cast<std::uint32_t>(level));
  };
  // Level by level from the most urgent down, each rule's best cause, unless one of its
  // causes is already pinned: every rule that points somewhere is represented, and a less
  // urgent rule does not crowd out causes the answers support better. At the most urgent
  // level every cause a rule points to is pinned, after each rule's best.
  for (std::size_t level = 0; level < kb_.triage_levels().size(); ++level) {
    for (const std::size_t i : r.fired) {
      if (rules[i].level != level) continue;
      std::uint32_t best = kNoCause;
      for (const std::size_t c : rules[i].points_to) {
        const auto cause = static_cast<std::uint32_t>(c);
        if (s.is_pinned[cause]) {
          best = kNoCause;
          break;
        }
        if (best == kNoCause || better(cause, best)) best = cause;
      }
      if (best != kNoCause) pin(best, level);
    }
    if (level != 0) continue;
    for (const std::size_t i : r.fired)
      if (rules[i].level == 0)
        for (const std::size_t c : rules[i].points_to)
          if (!s.is_pinned[c]) pin(static_cast<std::uint32_t>(c), level);
  }

  const std::uint32_t* order = s.order.data();
  if (s.pinned.empty()) {
    s.chosen.assign(order, order + kept);
    return;
  }
  // At the most urgent level, what the rules of that level point to leads, whatever its
  // score; the other pinned causes keep their places by score within the first five.
  std::size_t leaders = 0;
  if (r.triage_level == 0)
    while (leaders < s.pinned.size() && s.pinned_level[leaders] == 0) ++leaders;
  s.chosen.assign(s.pinned.begin(), s.pinned.begin() + static_cast<long>(leaders));
  const std::size_t window = std::max(std::min(kPinnedWithin, kept), leaders);
  const std::size_t in_window = std::min(window - leaders, s.pinned.size() - leaders);
  s.chosen.insert(s.chosen.end(), s.pinned.begin() + static_cast<long>(leaders),
                  s.pinned.begin() + static_cast<long>(leaders + in_window));
  // The causes in score order that are not pinned (enough of them: ordered >= kept).
  std::size_t k = 0;
  const auto append_unpinned = [&](std::size_t until) {
    for (; k < ordered && s.chosen.size() < until; ++k)
      if (!s.is_pinned[order[k]]) s.chosen.push_back(order[k]);
  };
  append_unpinned(window);
  std::sort(s.chosen.begin() + static_cast<long>(leaders), s.chosen.end(), better);
  s.chosen.insert(s.chosen.end(), s.pinned.begin() + static_cast<long>(leaders + in_window),
                  s.pinned.end());
  append_unpinned(kept);
  if (s.chosen.size() > kept) s.chosen.resize(kept);
}

}  // namespace spotcheck
