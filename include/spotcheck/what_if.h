// What would change if some answers were different (`query --what-if FINDING=VALUE`): the
// case as given and the case with those answers changed, each evaluated, and the two
// results compared. Hypothetical by construction: it evaluates a copy, and never changes
// the result for the answers actually given (docs/contract.md, "What-if").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <spotcheck/case.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck {

/// How many of the first causes make "the top" that causes enter, leave, rise or fall in
/// (the first five, where the must-not-miss causes are always shown).
constexpr std::size_t kWhatIfTopCauses = 5;

/// One answer given differently: input finding `finding` with `value` (Case encoding: NaN
/// means unknown, which takes an answer back).
struct AnswerChange {
  std::size_t finding = 0;
  double value = 0;
};

/// Reads "FINDING=VALUE": the finding by name (any letter case, '-' or ' ' for '_', white
/// space around it ignored), the value with the one answer grammar (answer.h:
/// yes/no/unknown, "6m", choices by name or number). Returns a one-line problem, quoting
/// the input as given, or nothing on success: no '=', nothing before it, a name that is no
/// input finding (with "did you mean"), a value the finding does not take.
std::optional<std::string> parse_answer_change(const KnowledgeBase& kb, std::string_view text,
                                               AnswerChange& out);

/// A cause that moved in or out of the top, or within it.
struct CauseMove {
  enum class Kind : std::uint8_t { kEntered, kRose, kFell, kLeft };
  std::size_t cause = 0;
  Kind kind = Kind::kEntered;
  std::size_t rank_before = 0, rank_after = 0;  ///< 1-based place in the top; 0: not in it
  double score_before = 0, score_after = 0;
};

/// A triage rule (red-flag floors and the fallback included) that fires in one result and
/// not in the other.
struct RuleFlip {
  std::size_t rule = 0;
  bool fires_after = false;  ///< true: fires only with the changes; false: only without
};

struct WhatIf {
  std::vector<AnswerChange> changes;  ///< as given, one per finding (the last one counts)
  /// Every change gives the answer the case already had: nothing can differ.
  bool same_answers = false;
  std::size_t level_before = 0, level_after = 0;        ///< triage levels
  std::size_t possible_before = 0, possible_after = 0;  ///< possible_level
  int lesion_before = -1, lesion_after = -1;            ///< lesion_type choice, -1 unknown
  /// Entered, rose and fell in the order of the top after the changes, then those that
  /// left in the order of the top before.
  std::vector<CauseMove> causes;
  std::vector<RuleFlip> rules;  ///< in KB order

  /// Whether anything above differs between the two results.
  bool changed() const;
};

/// Evaluates `c` and a copy of it with `changes` applied, and compares the two results.
/// Deterministic; `c` is not modified.
WhatIf what_if(const KnowledgeBase& kb, const Case& c, std::span<const AnswerChange> changes);

}  // namespace spotcheck
