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
  // Level by level from the most urgent down, the fewest causes that give every fired
  // rule pointing somewhere one of its causes (greedy set cover: the cause most rules
  // share, then the one a rule names first, then the better score). A rule already
  // represented by a more urgent rule's cause needs nothing more, so that no rule crowds
  // out causes the answers support better.
  auto& open = s.open_rules;
  for (std::size_t level = 0; level < kb_.triage_levels().size(); ++level) {
    open.clear();
    for (const std::size_t i : r.fired) {
      if (rules[i].level != level || rules[i].points_to.empty()) continue;
      const auto& to = rules[i].points_to;
      if (std::none_of(to.begin(), to.end(), [&](std::size_t c) { return s.is_pinned[c]; }))
        open.push_back(static_cast<std::uint32_t>(i));
    }
    while (!open.empty()) {
      std::uint32_t best = kNoCause;
      std::size_t best_count = 0, best_rank = 0;
      for (const std::uint32_t i : open) {
        const auto& to = rules[i].points_to;
        for (std::size_t rank = 0; rank < to.size(); ++rank) {
          const auto cause = static_cast<std::uint32_t>(to[rank]);
          std::size_t count = 0;
          for (const std::uint32_t j : open) {
            const auto& other = rules[j].points_to;
            count += std::find(other.begin(), other.end(), cause) != other.end();
          }
          if (best == kNoCause || count > best_count ||
              (count == best_count &&
               (rank < best_rank || (rank == best_rank && better(cause, best))))) {
            best = cause;
            best_count = count;
            best_rank = rank;
          }
        }
      }
      s.is_pinned[best] = 1;
      s.pinned.push_back(best);
      s.pinned_level.push_back(static_cast<std::uint32_t>(level));
      std::erase_if(open, [&](std::uint32_t i) {
        const auto& to = rules[i].points_to;
        return std::find(to.begin(), to.end(), best) != to.end();
      });
    }
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
