// What to ask next: the unanswered findings whose answer would most change the result.
//
// First come answers that alone would make a more urgent triage rule fire. They are found
// by walking each undecided rule's condition over the three-valued node states: Kleene
// logic is monotone (a decided node stays decided as answers are added), so only unknown
// nodes can change, and the fewest answers that can make a node true is a sum over the
// children of `all` and a minimum over those of `any`. Rules the answers so far already
// bear on come before pure screening questions. Then come answers that weigh the
// best-ranked causes against each other, by the log-odds they could move; last, answers
// that could raise the level only together with others.
#include <algorithm>
#include <bit>
#include <cmath>

#include "evaluator_scratch.h"
#include "program.h"

namespace spotcheck {
namespace {

constexpr std::size_t kNever = 1u << 20;  // "no number of answers can do it"

bool is_leaf(detail::Op op) {
  return op < detail::Op::kNot;
}  // kIs .. kKnown

}  // namespace

// Inlined into its callers: most nodes it is asked about are decided or leaves, which
// need no call (the call's saving and restoring of registers cost more than the answer).
[[gnu::always_inline]] inline std::size_t Evaluator::answers_needed(
    std::uint32_t n, bool want, std::vector<std::uint32_t>& single) const {
  const Tri t = scratch_->node_state[n];
  if (t != Tri::kUnknown) return (t == Tri::kTrue) == want ? 0 : kNever;
  if (is_leaf(kb_.program().nodes[n].op)) {
    single.push_back(n);
    return 1;
  }
  return composite_needed(n, want, single);
}

std::size_t Evaluator::composite_needed(std::uint32_t n, bool want,
                                        std::vector<std::uint32_t>& single) const {
  const detail::Program& program = kb_.program();
  const detail::Node& x = program.nodes[n];
  if (x.op == detail::Op::kNot)
    return answers_needed(program.children[x.first_child], !want, single);
  if (x.op != detail::Op::kAll && x.op != detail::Op::kAny) return kNever;
  // all->true and any->false need every child; all->false and any->true need one.
  const bool every = (x.op == detail::Op::kAll) == want;
  const std::size_t mark = single.size();
  std::size_t total = every ? 0 : kNever;
  for (std::uint32_t i = 0; i < x.child_count; ++i) {
    const std::size_t k = answers_needed(program.children[x.first_child + i], want, single);
    total = every ? std::min(total + k, kNever) : std::min(total, k);
  }
  // The children's leaves stand only if this node, too, needs a single answer. Those left
  // are the right ones: a child that needs none is decided and added none, and one that
  // needs more than one took its own back.
  if (total != 1) single.resize(mark);
  return total;
}

bool Evaluator::raises_alone(std::uint32_t f, std::size_t rule) const {
  // Tries each answer worth trying for f, with everything else as it is; s.trial holds
  // this case's values.
  const detail::Program& program = kb_.program();
  Scratch& s = *scratch_;
  const bool feeds_derived = program.feeds_derived[f] != 0;
  bool fires = false;
  for (const double value : program.trial_values[f]) {
    s.trial[f] = value;
    if (feeds_derived) derive(s.trial.data(), false);
    const Tri t = program.eval_rule(static_cast<std::uint32_t>(rule), s.trial.data());
    if (t == Tri::kTrue) {
      fires = true;
      break;
    }
  }
  s.trial[f] = s.values[f];
  if (feeds_derived)  // the case's own derived values, without deriving them again
    for (const std::uint32_t d : program.derived_order) s.trial[d] = s.values[d];
  return fires;
}

void Evaluator::find_next_questions(const Case& c, std::size_t level) {
  const detail::Program& program = kb_.program();
  const auto rules = kb_.triage_rules();
  const auto causes = kb_.causes();
  Scratch& s = *scratch_;
  Result& r = result_;
  const std::size_t inputs = kb_.input_finding_count();
  // Only the findings the last search touched (its candidates) need resetting.
  for (const std::uint32_t f : s.candidates) {
    s.raise[f] = Scratch::Raise{};
    s.cause_value[f] = 0.0;
  }
  s.candidates.clear();
  s.later.clear();
  bool trial_ready = false;
  std::size_t alone_count = 0;  // findings found to raise the level on their own

  auto offer = [&](std::uint32_t f, std::size_t rule, std::size_t rank, bool alone) {
    if (f >= inputs || c.known(f)) return;
    Scratch::Raise& best = s.raise[f];
    if (best.level == kNone && s.cause_value[f] == 0.0) s.candidates.push_back(f);
    const auto better = [&](const Scratch::Raise& a) {
      if (a.alone != best.alone) return a.alone;
      if (a.level != best.level) return a.level < best.level;
      return a.rank < best.rank;
    };
    const Scratch::Raise mine{rules[rule].level, rule, rank, alone};
    if (best.level == kNone || better(mine)) {
      alone_count += alone && !best.alone;
      best = mine;
    }
  };

  // Rules are visited in the order their candidates sort in (most urgent level first,
  // then rules the answers so far bear on, then KB order), so that the search can stop as
  // soon as enough answers that alone raise the level are found: later ones rank after.
  auto consider = [&](std::size_t i, bool engaged) {
    const std::size_t rank = (engaged ? 0 : rules.size()) + i;
    const std::uint32_t root = program.rule_root[i];
    s.leaves.clear();
    const std::size_t needed = answers_needed(root, true, s.leaves);
    if (needed == 1) {
      for (const std::uint32_t leaf : s.leaves) {
        const std::uint32_t f = program.nodes[leaf].finding;
        if (f < inputs) {
          offer(f, i, rank, true);
          continue;
        }
        // A derived finding: which of its unanswered inputs can settle it is found by trying.
        if (!trial_ready) {
          std::copy(s.values.begin(), s.values.end(), s.trial.begin());
          trial_ready = true;
        }
        for (const std::uint32_t g : program.derived_inputs[f]) {
          if (c.known(g)) continue;
          // Trying answers costs a re-evaluation each: not needed when g is already known
          // to raise the level this far on its own.
          const Scratch::Raise& known_best = s.raise[g];
          if (known_best.alone && known_best.level <= rules[i].level) continue;
          offer(g, i, rank, raises_alone(g, i));
        }
      }
    } else if (needed < kNever) {
      s.later.push_back({static_cast<std::uint32_t>(i),
                         static_cast<std::uint32_t>(rank + 2 * rules.size() * needed)});
    }
  };
  bool full = false;
  for (std::size_t k = 0; k < s.rule_order.size() && !full;) {
    if (rules[s.rule_order[k]].level >= level) break;
    const std::size_t end = s.rule_group_end[k];
    // The level's engaged rules first, then (kept aside meanwhile) the others.
    s.unengaged.clear();
    for (std::size_t j = k; j < end && !full; ++j) {
      const std::uint32_t i = s.rule_order[j];
      if (s.rule_state[i] != Tri::kUnknown) continue;
      bool engaged = false;
      for (const std::uint32_t f : program.rule_inputs[i]) {
        if (c.known(f)) {
          engaged = true;
          break;
        }
      }
      if (!engaged) {
        s.unengaged.push_back(i);
        continue;
      }
      consider(i, true);
      full = alone_count >= options_.max_questions;
    }
    for (std::size_t j = 0; j < s.unengaged.size() && !full; ++j) {
      consider(s.unengaged[j], false);
      full = alone_count >= options_.max_questions;
    }
    k = end;
  }

  // Candidates that raise the level alone or weigh the causes: so far, only the former.
  std::size_t filled = alone_count;

  // When enough answers raise the level alone, the causes cannot get a place.
  const std::size_t top =
      options_.rank_causes && !full ? std::min(kCausesForQuestions, s.order.size()) : 0;
  for (std::size_t k = 0; k < top; ++k) {
    const Cause& cause = causes[s.order[k]];
    const double rank_weight =
        k < r.causes.size() ? r.causes[k].score : score_of(s.logit[s.order[k]]);
    for (std::size_t e = cause.evidence_begin; e < cause.evidence_end; ++e) {
      const detail::ScoreTable::Item& item = s.score.items[e];
      if (s.node_state[item.root] != Tri::kUnknown) continue;
      // The larger of |weight| and |weight_if_false|.
      const double swing = std::max(std::abs(item.by_state[static_cast<int>(Tri::kTrue)]),
                                    std::abs(item.by_state[static_cast<int>(Tri::kFalse)]));
      for (const std::uint32_t f : program.evidence_inputs[e]) {
        if (c.known(f)) continue;
        if (s.cause_value[f] == 0.0) {  // first weighed here (the sum below is positive)
          if (s.raise[f].level == kNone) s.candidates.push_back(f);
          if (!s.raise[f].alone) ++filled;
          s.cause_of[f] = s.order[k];
        }
        s.cause_value[f] += swing * rank_weight + 1e-9;
      }
    }
  }

  // Answers that raise the level only with others are the last resort: looked at only
  // when the first two groups leave places free.
  if (filled < options_.max_questions)
    for (const auto& [rule, rank] : s.later)
      for (const std::uint32_t f : program.rule_inputs[rule]) offer(f, rule, rank, false);

  // Group 0: raises alone; 1: weighs the causes; 2: raises only with other answers.
  // Within groups 0 and 2, by level, then rank; within group 1, by cause value (higher
  // first); then by finding. Each candidate's key is made once, and the first `wanted`
  // kept in order by insertion: a handful of candidates, where a heap's upkeep (and
  // looking up each side's group in every comparison) cost several times more.
  using Key = Scratch::QuestionKey;
  const auto key_of = [&](std::uint32_t f) {
    const Scratch::Raise& x = s.raise[f];
    if (x.alone) return Key{x.level, x.rank, f};
    // A positive double's bits order as the double does; inverted, higher comes first.
    if (s.cause_value[f] > 0)
      return Key{std::uint64_t{1} << 62, ~std::bit_cast<std::uint64_t>(s.cause_value[f]), f};
    return Key{std::uint64_t{2} << 62 | x.level, x.rank, f};
  };
  const auto before = [](const Key& a, const Key& b) {
    if (a.major != b.major) return a.major < b.major;
    if (a.minor != b.minor) return a.minor < b.minor;
    return a.finding < b.finding;
  };
  const std::size_t wanted = std::min(options_.max_questions, s.candidates.size());
  Key* best = s.best_questions.data();
  std::size_t kept = 0;
  for (const std::uint32_t f : s.candidates) {
    const Key key = key_of(f);
    if (kept == wanted && (wanted == 0 || !before(key, best[kept - 1]))) continue;
    std::size_t j = kept < wanted ? kept++ : kept - 1;
    for (; j > 0 && before(key, best[j - 1]); --j) best[j] = best[j - 1];
    best[j] = key;
  }
  for (std::size_t k = 0; k < wanted; ++k) {
    const std::uint32_t f = best[k].finding;
    // Filled in place: a local copied in would be written a byte at a time and read back
    // sixteen at a time, which stalls the store buffer.
    NextQuestion& q = r.next_questions.emplace_back();
    q.finding = f;
    if (best[k].major >> 62 == 1) {
      q.why = NextQuestion::Why::kSeparatesCauses;
      q.cause = s.cause_of[f];
      q.value = s.cause_value[f];
    } else {
      q.why = NextQuestion::Why::kCouldRaiseTriage;
      q.rule = s.raise[f].rule;
      q.level = s.raise[f].level;
      q.alone = s.raise[f].alone;
      q.value = static_cast<double>(kb_.triage_levels().size() - q.level);
    }
  }
}

}  // namespace spotcheck
