// Evaluates one case against a knowledge base: lesion type, triage, ranked causes and
// the questions worth asking next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <spotcheck/case.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck {

/// Three-valued truth of a condition (docs/kb-format.md). The values are chosen so that
/// Kleene's `all` is the bitwise and of its operands and `any` the bitwise or (bit 0: may
/// be true; bit 1: is true).
enum class Tri : std::uint8_t { kFalse = 0, kUnknown = 1, kTrue = 3 };

struct EvaluationOptions {
  std::size_t max_causes = 5;     ///< ranked causes kept in the result; 0 keeps all
  std::size_t max_questions = 3;  ///< next questions kept; 0 computes none
  bool rank_causes = true;        ///< false skips scoring causes (result.causes stays empty)
};

/// An evidence item that counted, and whether its condition was true (weight) or false
/// (weight_if_false).
struct EvidenceHit {
  std::uint32_t item = 0;  ///< index into KnowledgeBase::evidence()
  bool condition_true = true;
  double contribution = 0;
};

struct RankedCause {
  std::size_t cause = 0;
  double score = 0;     ///< logistic(prior + contributions), in [0, 1]
  bool pinned = false;  ///< a rule that fired points to it (TriageRule::points_to)
  std::vector<EvidenceHit> evidence_for, evidence_against;
};

struct NextQuestion {
  enum class Why : std::uint8_t { kCouldRaiseTriage, kSeparatesCauses };
  std::size_t finding = 0;
  Why why = Why::kCouldRaiseTriage;
  std::size_t rule = 0;   ///< kCouldRaiseTriage: the rule an answer could make fire
  std::size_t level = 0;  ///< kCouldRaiseTriage: that rule's level
  bool alone = false;     ///< kCouldRaiseTriage: this one answer can make the rule fire
  std::size_t cause = 0;  ///< kSeparatesCauses: the best-ranked cause it bears on
  double value = 0;       ///< how much the answer matters (for ordering)
};

struct Result {
  /// The lesion_type value (index into its choices), or -1 when unknown.
  int lesion = -1;
  /// The derivation case that decided it (index into derivation_cases()), or -1 for the
  /// derived finding's `otherwise`.
  int lesion_case = -1;
  /// For each derived finding, in findings() order after the inputs: the derivation case
  /// that gave its value (index into derivation_cases(); the `otherwise` case when unknown).
  std::vector<std::size_t> derived_cases;
  std::size_t triage_level = 0;  ///< index into triage_levels(); 0 most urgent
  /// The most urgent level that any rule could still reach if the unknown answers were
  /// given (a rule whose condition is true or unknown); never less urgent than the level.
  std::size_t possible_level = 0;
  std::vector<std::size_t> reasons;  ///< rules that fired at that level, in KB order
  std::vector<std::size_t> fired;    ///< every rule that fired, in KB order
  /// Answers that contradict each other (indices into contradictions()), in KB order.
  std::vector<std::size_t> contradictions;
  /// Best first; ties keep KB order. The causes that fired rules point to come first when
  /// the level is the most urgent one, and are always among the first five.
  std::vector<RankedCause> causes;
  std::vector<NextQuestion> next_questions;
};

/// The advice to show for `r`: that of the first reason with advice of its own (a rule can
/// say "today" within a level of "today or within 48 hours"), else its level's.
const std::string& triage_advice(const KnowledgeBase& kb, const Result& r);

/// Holds the scratch space for evaluation, so that evaluating many cases allocates
/// nothing after the first. Not thread-safe: use one Evaluator per thread. The knowledge
/// base must outlive it.
class Evaluator {
 public:
  explicit Evaluator(const KnowledgeBase& kb, EvaluationOptions options = {});
  ~Evaluator();

  /// Evaluates `c`; the returned reference is valid until the next call. Deterministic:
  /// the same case and knowledge base always give the same result.
  const Result& evaluate(const Case& c);

  /// Truth of triage rule `r` in the last evaluation (for explanations and tests).
  Tri rule_state(std::size_t r) const;
  /// Value of finding `f` in the last evaluation, derived findings included (NaN unknown).
  double finding_value(std::size_t f) const;
  /// Whether input finding `f`'s question fits the person in the last evaluation: the
  /// truth of its `ask_when` condition (docs/kb-format.md), true when it has none.
  Tri ask_when_state(std::size_t f) const;

 private:
  struct Scratch;
  // Computes the derived findings into `values`; records the cases used when `record`.
  void derive(double* values, bool record) const;
  bool raises_alone(std::uint32_t finding, std::size_t rule) const;
  // Fewest answers that can make node `n` evaluate to `want`; when one is enough, the
  // leaves of which a single answer can are appended to `single` (next_questions.cpp).
  std::size_t answers_needed(std::uint32_t n, bool want, std::vector<std::uint32_t>& single) const;
  // answers_needed for an undecided composite node (the recursive part).
  std::size_t composite_needed(std::uint32_t n, bool want,
                               std::vector<std::uint32_t>& single) const;
  void find_next_questions(const Case& c, std::size_t level);
  // The causes to show, in order, into scratch_->chosen (cause_order.cpp).
  void choose_causes(std::size_t kept, std::size_t ordered);
  // 1 / (1 + exp(-logit)), remembered for the log-odds seen last (evaluator.cpp).
  double score_of(double logit);

  const KnowledgeBase& kb_;
  EvaluationOptions options_;
  std::unique_ptr<Scratch> scratch_;
  Result result_;
};

}  // namespace spotcheck
