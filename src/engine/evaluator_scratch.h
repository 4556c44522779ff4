// The Evaluator's working memory, shared by evaluator.cpp and next_questions.cpp.
// Sized once per Evaluator so that evaluating a case allocates nothing.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <spotcheck/evaluator.h>

#include "program.h"

namespace spotcheck {

inline constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
/// How many of the best-ranked causes the next questions try to tell apart.
inline constexpr std::size_t kCausesForQuestions = 3;
/// A cause a fired rule points to is shown within this many first places (the contract's
/// "among the first five").
inline constexpr std::size_t kPinnedWithin = 5;

struct Evaluator::Scratch {
  explicit Scratch(const KnowledgeBase& kb) : score(kb) {}

  std::vector<double> values;            // every finding, derived ones included
  std::vector<Tri> node_state;           // per program node, and one always false
  std::vector<Tri> rule_state;           // per triage rule
  std::vector<std::uint32_t> rule_node;  // per rule: its condition's node (see the constructor)
  detail::ScoreTable score;
  std::vector<double> logit;         // per cause
  std::vector<std::uint32_t> order;  // causes, best first (only the first few are ordered)
  std::vector<double> top_logit;     // the log-odds of those first few, in the same order
  std::vector<std::uint32_t> visit;  // causes in the order the ranking looks at them
  // Scores of log-odds seen before, by the log-odds' bits: a log-odds is a prior plus a
  // few weights, so the same values come back case after case, and a look-up here is a
  // fraction of exp's cost. The empty key is a NaN's bits, which no log-odds has.
  struct ScoreMemo {
    std::uint64_t logit_bits = ~std::uint64_t{0};
    double score = 0;
  };
  std::array<ScoreMemo, 256> score_memo{};
  std::vector<std::uint32_t> chosen_case;   // per finding: the derivation case used
  std::vector<std::uint32_t> pinned;        // causes fired rules point to, in showing order
  std::vector<std::uint32_t> pinned_level;  // parallel to pinned: the pinning rule's level
  std::vector<std::uint32_t> chosen;        // the causes to show, in order
  std::vector<std::uint8_t> is_pinned;      // per cause
  std::vector<std::uint32_t> open_rules;    // fired rules whose causes are not yet pinned
  std::vector<std::uint32_t> cover_count;   // per cause, while pinning: open rules naming it

  // Next-question search.
  struct Raise {
    std::size_t level = kNone;  // most urgent level the finding bears on
    std::size_t rule = 0;
    std::size_t rank = kNone;  // ordering among findings at that level (lower first)
    bool alone = false;        // one answer can make the rule fire
  };
  std::vector<Raise> raise;           // per finding
  std::vector<double> cause_value;    // per finding
  std::vector<std::size_t> cause_of;  // per finding
  std::vector<std::uint32_t> candidates, leaves;
  // A candidate's place in the order of the next questions, compared field by field.
  struct QuestionKey {
    std::uint64_t major = 0;  // group (top two bits), then the level or the cause value
    std::uint64_t minor = 0;  // the rule's rank (groups 0 and 2)
    std::uint32_t finding = 0;
  };
  std::vector<QuestionKey> best_questions;  // the first few, in order
  std::vector<std::uint32_t> unengaged;     // rules of one level the answers do not bear on yet
  std::vector<double> trial;                // values while trying one answer
  std::vector<std::pair<std::uint32_t, std::uint32_t>> later;  // (rule, rank) needing 2+ answers
  std::vector<std::uint32_t> rule_group_end;  // per place in rule_order: its level's end
  std::vector<std::uint32_t> rule_order;      // rules, most urgent level first, KB order within
};

}  // namespace spotcheck
