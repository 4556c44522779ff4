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

  for (const std::uint32_t c : s.pinned) s.is_pinned[c] = 0;
  s.pinned.clear();
  s.pinned_level.clear();
  s.chosen.clear();
  const std::uint32_t* order = s.order.data();
  // The fired rules that point somewhere, in level order (fired is in KB order; few fire).
  auto& pointing = s.open_rules;
  pointing.clear();
  for (const std::size_t i : r.fired) {
    if (rules[i].points_to.empty()) continue;
    auto at = pointing.end();
    while (at != pointing.begin() && rules[*(at - 1)].level > rules[i].level) --at;
    pointing.insert(at, static_cast<std::uint32_t>(i));
  }
  if (pointing.empty()) {
    s.chosen.assign(order, order + kept);  // nothing to pin: the ranking as it is
    return;
  }
  const auto pin = [&](std::uint32_t cause, std::size_t level) {
    s.is_pinned[cause] = 1;
    s.pinned.push_back(cause);
    s.pinned_level.push_back(static_cast<std::uint32_t>(level));
  };
  const auto represented = [&](std::uint32_t i) {
    const auto& to = rules[i].points_to;
    return std::any_of(to.begin(), to.end(), [&](std::size_t c) { return s.is_pinned[c]; });
  };
  // Level by level from the most urgent down, the fewest causes that give every fired
  // rule pointing somewhere one of its causes (greedy set cover: the cause most rules
  // share, then the one a rule names first, then the better score). A rule already
  // represented by a more urgent rule's cause needs nothing more, so that no rule crowds
  // out causes the answers support better.
  for (auto group = pointing.begin(); group != pointing.end();) {
    const std::size_t level = rules[*group].level;
    auto end = group;
    while (end != pointing.end() && rules[*end].level == level) ++end;
    auto open = std::remove_if(group, end, represented);  // [group, open): still to cover
    while (open != group) {
      std::uint32_t best = static_cast<std::uint32_t>(rules[*group].points_to[0]);
      if (open - group > 1) {  // (one rule alone: its first-named cause)
        // How many open rules name each cause, counted in one pass over them rather than
        // once per candidate (a rule names a cause at most once: the loader checks).
        for (auto i = group; i != open; ++i)
          for (const std::size_t cause : rules[*i].points_to) ++s.cover_count[cause];
        std::size_t best_count = 0, best_rank = 0;
        for (auto i = group; i != open; ++i) {
          const auto& to = rules[*i].points_to;
          for (std::size_t rank = 0; rank < to.size(); ++rank) {
            const auto cause = static_cast<std::uint32_t>(to[rank]);
            const std::size_t count = s.cover_count[cause];
            if (count > best_count ||
                (count == best_count &&
                 (rank < best_rank || (rank == best_rank && better(cause, best))))) {
              best = cause;
              best_count = count;
              best_rank = rank;
            }
          }
        }
        for (auto i = group; i != open; ++i)
          for (const std::size_t cause : rules[*i].points_to) s.cover_count[cause] = 0;
      }
      pin(best, level);
      open = std::remove_if(group, open, represented);
    }
    group = end;
  }

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
  // By insertion: a handful of causes, where std::sort's set-up costs more than sorting.
  // (better is a total order, so any correct sort gives this order.)
  for (std::size_t a = leaders + 1; a < s.chosen.size(); ++a) {
    const std::uint32_t x = s.chosen[a];
    std::size_t b = a;
    for (; b > leaders && better(x, s.chosen[b - 1]); --b) s.chosen[b] = s.chosen[b - 1];
    s.chosen[b] = x;
  }
  s.chosen.insert(s.chosen.end(), s.pinned.begin() + static_cast<long>(leaders + in_window),
                  s.pinned.end());
  append_unpinned(kept);
  if (s.chosen.size() > kept) s.chosen.resize(kept);
}

}  // namespace spotcheck
