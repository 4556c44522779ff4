#include <spotcheck/evaluator.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "program.h"

namespace spotcheck {

struct Evaluator::Scratch {
  std::vector<double> values;      // every finding, derived ones included
  std::vector<Tri> rule_state;     // per triage rule
  std::vector<Tri> evidence_state; // per evidence item
  std::vector<double> logit;       // per cause
  std::vector<std::uint32_t> order;
  // Next-question search, per finding.
  std::vector<std::size_t> raise_level, raise_rule;
  std::vector<double> cause_value;
  std::vector<std::size_t> cause_of;
  std::vector<std::uint32_t> candidates;
};

namespace {
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kCausesForQuestions = 3;
}  // namespace

Evaluator::Evaluator(const KnowledgeBase& kb, EvaluationOptions options)
    : kb_(kb), options_(options), scratch_(std::make_unique<Scratch>()) {
  Scratch& s = *scratch_;
  s.values.resize(kb.findings().size());
  s.rule_state.resize(kb.triage_rules().size());
  s.evidence_state.resize(kb.evidence().size());
  s.logit.resize(kb.causes().size());
  s.order.resize(kb.causes().size());
  s.raise_level.resize(kb.findings().size());
  s.raise_rule.resize(kb.findings().size());
  s.cause_value.resize(kb.findings().size());
  s.cause_of.resize(kb.findings().size());
}

Evaluator::~Evaluator() = default;

Tri Evaluator::rule_state(std::size_t r) const { return scratch_->rule_state[r]; }
double Evaluator::finding_value(std::size_t f) const { return scratch_->values[f]; }

const Result& Evaluator::evaluate(const Case& c) {
  const detail::Program& program = kb_.program();
  Scratch& s = *scratch_;
  Result& r = result_;
  const double* v = s.values.data();

  // 1. Inputs, then derived findings in dependency order: the first true case wins.
  const std::size_t inputs = kb_.input_finding_count();
  std::copy(c.data(), c.data() + inputs, s.values.begin());
  r.lesion = -1;
  r.lesion_case = -1;
  for (const std::uint32_t f : program.derived_order) {
    for (std::uint32_t k = program.cases_begin[f]; k < program.cases_end[f]; ++k) {
      const std::uint32_t root = program.derivation_root[k];
      if (root == detail::kNoNode || program.eval(root, v) == Tri::kTrue) {
        s.values[f] = kb_.derivation_cases()[k].value;
        if (kb_.lesion_type_finding() == f) {
          r.lesion_case = static_cast<int>(k);
          r.lesion = std::isnan(s.values[f]) ? -1 : static_cast<int>(s.values[f]);
        }
        break;
      }
    }
  }

  // 2. Triage: the most urgent level any rule reaches; the fallback only if none fires.
  const auto rules = kb_.triage_rules();
  r.fired.clear();
  r.reasons.clear();
  std::size_t level = kNone;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::uint32_t root = program.rule_root[i];
    s.rule_state[i] = root == detail::kNoNode ? Tri::kFalse : program.eval(root, v);
    if (s.rule_state[i] == Tri::kTrue) {
      r.fired.push_back(i);
      level = std::min(level, rules[i].level);
    }
  }
  if (level == kNone) {
    s.rule_state[program.fallback_rule] = Tri::kTrue;
    r.fired.push_back(program.fallback_rule);
    level = rules[program.fallback_rule].level;
  }
  r.triage_level = level;
  for (const std::size_t i : r.fired)
    if (rules[i].level == level) r.reasons.push_back(i);

  // 3. Causes: prior plus the weight of each true item and weight_if_false of each false one.
  const auto causes = kb_.causes();
  const auto evidence = kb_.evidence();
  for (std::size_t i = 0; i < causes.size(); ++i) {
    double sum = causes[i].prior;
    for (std::size_t e = causes[i].evidence_begin; e < causes[i].evidence_end; ++e) {
      const Tri t = program.eval(program.evidence_root[e], v);
      s.evidence_state[e] = t;
      if (t == Tri::kTrue) sum += evidence[e].weight;
      else if (t == Tri::kFalse) sum += evidence[e].weight_if_false;
    }
    s.logit[i] = sum;
    s.order[i] = static_cast<std::uint32_t>(i);
  }
  std::stable_sort(s.order.begin(), s.order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return s.logit[a] > s.logit[b]; });
  const std::size_t kept = options_.max_causes == 0 ? causes.size() : std::min(options_.max_causes, causes.size());
  r.causes.resize(kept);
  for (std::size_t k = 0; k < kept; ++k) {
    RankedCause& out = r.causes[k];
    const Cause& cause = causes[s.order[k]];
    out.cause = s.order[k];
    out.score = 1.0 / (1.0 + std::exp(-s.logit[s.order[k]]));
    out.evidence_for.clear();
    out.evidence_against.clear();
    for (std::size_t e = cause.evidence_begin; e < cause.evidence_end; ++e) {
      const Tri t = s.evidence_state[e];
      if (t == Tri::kUnknown) continue;
      const double w = t == Tri::kTrue ? evidence[e].weight : evidence[e].weight_if_false;
      if (w == 0) continue;
      EvidenceHit hit{static_cast<std::uint32_t>(e), t == Tri::kTrue, w};
      (w > 0 ? out.evidence_for : out.evidence_against).push_back(hit);
    }
    auto by_strength = [](const EvidenceHit& a, const EvidenceHit& b) {
      return std::abs(a.contribution) > std::abs(b.contribution);
    };
    std::stable_sort(out.evidence_for.begin(), out.evidence_for.end(), by_strength);
    std::stable_sort(out.evidence_against.begin(), out.evidence_against.end(), by_strength);
  }

  // 4. Next questions: unanswered inputs of rules that could still raise the level, then
  //    of unknown evidence of the best-ranked causes, weighted by how much each could move.
  r.next_questions.clear();
  if (options_.max_questions == 0) return r;
  std::fill(s.raise_level.begin(), s.raise_level.end(), kNone);
  std::fill(s.cause_value.begin(), s.cause_value.end(), 0.0);
  s.candidates.clear();
  auto touch = [&](std::uint32_t f) {
    if (s.raise_level[f] == kNone && s.cause_value[f] == 0.0) s.candidates.push_back(f);
  };
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (s.rule_state[i] != Tri::kUnknown || rules[i].level >= level) continue;
    for (const std::uint32_t f : program.rule_inputs[i]) {
      if (c.known(f)) continue;
      touch(f);
      if (s.raise_level[f] == kNone || rules[i].level < s.raise_level[f]) {
        s.raise_level[f] = rules[i].level;
        s.raise_rule[f] = i;
      }
    }
  }
  const std::size_t top = std::min(kCausesForQuestions, s.order.size());
  for (std::size_t k = 0; k < top; ++k) {
    const Cause& cause = causes[s.order[k]];
    const double rank_weight = 1.0 / (1.0 + std::exp(-s.logit[s.order[k]]));
    for (std::size_t e = cause.evidence_begin; e < cause.evidence_end; ++e) {
      if (s.evidence_state[e] != Tri::kUnknown) continue;
      const double swing = std::max(std::abs(evidence[e].weight), std::abs(evidence[e].weight_if_false));
      for (const std::uint32_t f : program.evidence_inputs[e]) {
        if (c.known(f)) continue;
        touch(f);
        if (s.cause_value[f] == 0.0) s.cause_of[f] = s.order[k];
        s.cause_value[f] += swing * rank_weight + 1e-9;
      }
    }
  }
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    if (s.raise_level[a] != s.raise_level[b]) return s.raise_level[a] < s.raise_level[b];
    if (s.cause_value[a] != s.cause_value[b]) return s.cause_value[a] > s.cause_value[b];
    return a < b;
  };
  const std::size_t wanted = std::min(options_.max_questions, s.candidates.size());
  std::partial_sort(s.candidates.begin(), s.candidates.begin() + static_cast<std::ptrdiff_t>(wanted),
                    s.candidates.end(), before);
  for (std::size_t k = 0; k < wanted; ++k) {
    const std::uint32_t f = s.candidates[k];
    NextQuestion q;
    q.finding = f;
    if (s.raise_level[f] != kNone) {
      q.why = NextQuestion::Why::kCouldRaiseTriage;
      q.rule = s.raise_rule[f];
      q.level = s.raise_level[f];
      q.value = static_cast<double>(kb_.triage_levels().size() - q.level) * 100.0;
    } else {
      q.why = NextQuestion::Why::kSeparatesCauses;
      q.cause = s.cause_of[f];
      q.value = s.cause_value[f];
    }
    r.next_questions.push_back(q);
  }
  return r;
}

void Case::clear_all() { std::fill(values_.begin(), values_.end(), std::numeric_limits<double>::quiet_NaN()); }

}  // namespace spotcheck
