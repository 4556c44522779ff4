#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <spotcheck/evaluator.h>

#include "evaluator_scratch.h"
#include "program.h"

namespace spotcheck {
namespace {

// Strongest contribution first, ties in knowledge-base order: a total order, so the result
// does not depend on the algorithm. Insertion sort, as there are a handful.
void sort_by_strength(std::vector<EvidenceHit>& hits) {
  auto before = [](const EvidenceHit& a, const EvidenceHit& b) {
    const double x = std::abs(a.contribution), y = std::abs(b.contribution);
    return x != y ? x > y : a.item < b.item;
  };
  for (std::size_t i = 1; i < hits.size(); ++i) {
    const EvidenceHit hit = hits[i];
    std::size_t j = i;
    for (; j > 0 && before(hit, hits[j - 1]); --j) hits[j] = hits[j - 1];
    hits[j] = hit;
  }
}

}  // namespace

Evaluator::Evaluator(const KnowledgeBase& kb, EvaluationOptions options)
    : kb_(kb), options_(options), scratch_(std::make_unique<Scratch>(kb)) {
  Scratch& s = *scratch_;
  s.values.assign(kb.findings().size(), 0.0);
  // One more state than there are nodes, always false: the node of the fallback rule,
  // which has no condition.
  s.node_state.assign(kb.program().nodes.size() + 1, Tri::kFalse);
  for (std::size_t i = 0; i < kb.triage_rules().size(); ++i) {
    const std::uint32_t root = kb.program().rule_root[i];
    s.rule_node.push_back(
        root == detail::kNoNode ? static_cast<std::uint32_t>(kb.program().nodes.size()) : root);
  }
  // Padded to whole 16-byte blocks of false states, for evaluate()'s scan; rule_node
  // alike, with the always-false node, so that the padding is copied false.
  s.rule_state.assign((kb.triage_rules().size() + 15) / 16 * 16, Tri::kFalse);
  s.rule_node.resize(s.rule_state.size(), static_cast<std::uint32_t>(kb.program().nodes.size()));
  s.logit.resize(kb.causes().size());
  s.order.resize(kb.causes().size());
  s.top_logit.resize(kb.causes().size());
  // The ranking keeps only the first few causes in order, and a cause past them costs an
  // insertion whenever it beats the last kept one. Visiting first the causes that lead
  // when little is answered (most of each case is unknown: the prior plus every
  // weight_if_unknown) sets a high bar early, so that few of the others get inserted.
  // Any order gives the same ranking (see evaluate); this one only makes it cheaper.
  std::vector<double> base(kb.causes().size());
  for (std::size_t i = 0; i < kb.causes().size(); ++i) {
    const Cause& cause = kb.causes()[i];
    base[i] = cause.prior;
    for (std::size_t e = cause.evidence_begin; e < cause.evidence_end; ++e)
      base[i] += kb.evidence()[e].weight_if_unknown;
    s.visit.push_back(static_cast<std::uint32_t>(i));
  }
  std::stable_sort(s.visit.begin(), s.visit.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return base[a] > base[b]; });
  s.raise.resize(kb.findings().size());
  for (std::uint32_t i = 0; i < kb.triage_rules().size(); ++i) s.rule_order.push_back(i);
  s.unengaged.reserve(kb.triage_rules().size());
  std::stable_sort(s.rule_order.begin(), s.rule_order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return kb.triage_rules()[a].level < kb.triage_rules()[b].level;
  });
  // Where each triage level's rules end in rule_order, for every place in it.
  const auto level_at = [&](std::size_t k) { return kb.triage_rules()[s.rule_order[k]].level; };
  for (std::size_t k = 0; k < s.rule_order.size();) {
    std::size_t end = k;
    while (end < s.rule_order.size() && level_at(end) == level_at(k)) ++end;
    s.rule_group_end.insert(s.rule_group_end.end(), end - k, static_cast<std::uint32_t>(end));
    k = end;
  }
  s.cause_value.resize(kb.findings().size());
  s.cause_of.resize(kb.findings().size());
  s.trial.resize(kb.findings().size());
  s.chosen_case.resize(kb.findings().size());
  s.is_pinned.assign(kb.causes().size(), 0);
  s.cover_count.assign(kb.causes().size(), 0);
  s.chosen.reserve(kb.causes().size());
  s.best_questions.resize(kb.findings().size() + 1);
}

Evaluator::~Evaluator() = default;

Tri Evaluator::rule_state(std::size_t r) const {
  return scratch_->rule_state[r];
}

void Evaluator::derive(double* values, bool record) const {
  // The first case whose condition is true gives the value; the last case, `otherwise`,
  // always matches.
  const detail::Program& program = kb_.program();
  if (program.native) {
    program.native->derive(values, record ? scratch_->chosen_case.data() : nullptr);
    return;
  }
  for (const std::uint32_t f : program.derived_order) {
    for (std::uint32_t k = program.cases_begin[f]; k < program.cases_end[f]; ++k) {
      const std::uint32_t root = program.derivation_root[k];
      if (root == detail::kNoNode || program.eval(root, values) == Tri::kTrue) {
        values[f] = kb_.derivation_cases()[k].value;
        if (record) scratch_->chosen_case[f] = k;
        break;
      }
    }
  }
}

const Result& Evaluator::evaluate(const Case& c) {
  const detail::Program& program = kb_.program();
  Scratch& s = *scratch_;
  Result& r = result_;
  const double* v = s.values.data();

  // 1. Inputs, then derived findings in dependency order.
  const std::size_t inputs = kb_.input_finding_count();
  std::copy(c.data(), c.data() + inputs, s.values.begin());
  derive(s.values.data(), true);
  r.derived_cases.assign(s.chosen_case.begin() + static_cast<long>(inputs), s.chosen_case.end());
  r.lesion = -1;
  r.lesion_case = -1;
  if (const auto lt = kb_.lesion_type_finding()) {
    r.lesion_case = static_cast<int>(s.chosen_case[*lt]);
    r.lesion = std::isnan(s.values[*lt]) ? -1 : static_cast<int>(s.values[*lt]);
  }

  if (program.native)
    program.native->eval_all(v, s.node_state.data());
  else
    program.eval_all(v, s.node_state.data());

  r.contradictions.clear();
  for (std::size_t i = 0; i < program.contradiction_root.size(); ++i)
    if (s.node_state[program.contradiction_root[i]] == Tri::kTrue) r.contradictions.push_back(i);

  // 2. Triage: the most urgent level any rule reaches; the fallback only if none fires.
  const auto rules = kb_.triage_rules();
  r.fired.clear();
  r.reasons.clear();
  std::size_t level = kNone;
  const Tri* node_state = s.node_state.data();
  Tri* rule_state = s.rule_state.data();
  // Through local copies of the pointer and the count: a Tri is a byte, and a store of one
  // may alias anything, so the compiler would otherwise reload both for every rule.
  const std::uint32_t* rule_node = s.rule_node.data();
  const std::size_t padded_count = s.rule_state.size();
  if (program.native) {
    program.native->rule_states(node_state, rule_state);  // (the padding stays false)
  } else {
    // Four at a time, over the padding too (the loop is otherwise half overhead).
    for (std::size_t i = 0; i < padded_count; i += 4)
      for (std::size_t k = 0; k < 4; ++k) rule_state[i + k] = node_state[rule_node[i + k]];
  }
  // Few rules fire: find them sixteen states at a time (the state array is padded).
  const auto fire = [&](std::size_t i) {
    r.fired.push_back(i);
    level = std::min(level, rules[i].level);
  };
#if defined(__SSE2__)
  const __m128i is_true = _mm_set1_epi8(static_cast<char>(Tri::kTrue));
  for (std::size_t i = 0; i < rules.size(); i += 16) {
    const __m128i states = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rule_state + i));
    for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(states, is_true)));
         mask != 0; mask &= mask - 1)
      fire(i + static_cast<std::size_t>(std::countr_zero(mask)));
  }
#else
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rule_state[i] == Tri::kTrue) fire(i);
#endif
  if (level == kNone) {
    s.rule_state[program.fallback_rule] = Tri::kTrue;
    r.fired.push_back(program.fallback_rule);
    level = rules[program.fallback_rule].level;
  }
  r.triage_level = level;
  for (const std::size_t i : r.fired)
    if (rules[i].level == level) r.reasons.push_back(i);
  // A rule still unknown could fire once answered: the level the person could be at. The
  // rules are visited most urgent first, so the first that is not false decides it (and
  // one usually is, at the top: an emergency rule that some unanswered question could fire).
  r.possible_level = level;
  for (const std::uint32_t i : s.rule_order) {
    if (rules[i].level >= level) break;
    if (rule_state[i] != Tri::kFalse) {
      r.possible_level = rules[i].level;
      break;
    }
  }

  // 3. Causes: prior plus the weight of each true item and weight_if_false of each false one.
  if (!options_.rank_causes) r.causes.clear();  // (resize below keeps each cause's buffers)
  if (options_.rank_causes) {
    const auto causes = kb_.causes();
    const Tri* state = s.node_state.data();
    if (program.native)
      program.native->score(state, s.logit.data());
    else
      s.score.score(state, s.logit.data());
    // Only the kept causes need ordering: insertion into the first `ordered` places,
    // cheaper than a heap or sort for a handful. The order is by log-odds, ties in
    // knowledge-base order: a total order, since log-odds are never NaN (the loader takes
    // finite priors and weights of at most 20), so the first places do not depend on the
    // order the causes are visited in.
    const std::size_t kept =
        options_.max_causes == 0 ? causes.size() : std::min(options_.max_causes, causes.size());
    const std::size_t ordered = std::max(kept, std::min(kCausesForQuestions, causes.size()));
    // The kept log-odds are kept alongside the order, so that comparing with them is one
    // load rather than two dependent ones.
    const double* logit = s.logit.data();
    std::uint32_t* order = s.order.data();
    double* top = s.top_logit.data();
    // Inserts cause i at place j or before, where it belongs. (A tie is rare: the index
    // is compared only then.)
    const auto insert = [&](std::uint32_t i, std::size_t j) {
      const double x = logit[i];
      for (; j > 0; --j) {
        if (!(x > top[j - 1]) && !(x == top[j - 1] && i < order[j - 1])) break;
        order[j] = order[j - 1];
        top[j] = top[j - 1];
      }
      order[j] = i;
      top[j] = x;
    };
    // Every cause is ordered (--top 0): in knowledge-base order. Otherwise the likely
    // leaders first (s.visit), so that most causes fall short of the last kept one: a
    // comparison with a value held in a register each.
    const std::uint32_t* visit = ordered == causes.size() ? nullptr : s.visit.data();
    std::size_t n = 0;
    for (; n < ordered; ++n) insert(visit ? visit[n] : static_cast<std::uint32_t>(n), n);
    if (visit) {
      double last = top[ordered - 1];
      for (; n < causes.size(); ++n) {
        const std::uint32_t i = visit[n];
        if (!(logit[i] >= last)) continue;
        if (logit[i] == last && i > order[ordered - 1]) continue;
        insert(i, ordered - 1);
        last = top[ordered - 1];
      }
    }
    choose_causes(kept, ordered);
    r.causes.resize(kept);
    for (std::size_t k = 0; k < kept; ++k) {
      RankedCause& out = r.causes[k];
      const std::uint32_t index = s.chosen[k];
      const Cause& cause = causes[index];
      out.cause = index;
      out.score = score_of(s.logit[index]);
      out.pinned = s.is_pinned[index] != 0;
      out.evidence_for.clear();
      out.evidence_against.clear();
      // Most items are unknown and skipped: walked by pointer, from a base read once (a
      // hit's store could change the vector's, as far as the compiler knows).
      const detail::ScoreTable::Item* const items = s.score.items.data();
      for (std::size_t e = cause.evidence_begin; e < cause.evidence_end; ++e) {
        const detail::ScoreTable::Item& item = items[e];
        const Tri t = state[item.root];
        // An unknown condition can weigh (weight_if_unknown) but is not evidence.
        if (t == Tri::kUnknown) continue;
        const double w = item.by_state[static_cast<std::size_t>(t)];
        if (w == 0) continue;
        // Filled in place, field by field (see find_next_questions on store forwarding).
        EvidenceHit& hit = (w > 0 ? out.evidence_for : out.evidence_against).emplace_back();
        hit.item = static_cast<std::uint32_t>(e);
        hit.condition_true = t == Tri::kTrue;
        hit.contribution = w;
      }
      // (Most lists have one hit or none: no call for those.)
      if (out.evidence_for.size() > 1) sort_by_strength(out.evidence_for);
      if (out.evidence_against.size() > 1) sort_by_strength(out.evidence_against);
    }
  }

  // 4. What to ask next (next_questions.cpp).
  r.next_questions.clear();
  if (options_.max_questions > 0) find_next_questions(c, level);
  return r;
}

double Evaluator::score_of(double logit) {
  const auto bits = std::bit_cast<std::uint64_t>(logit);
  Scratch::ScoreMemo& memo = scratch_->score_memo[(bits * 0x9E3779B97F4A7C15ull) >> 56];
  if (memo.logit_bits != bits) {
    memo.logit_bits = bits;
    memo.score = 1.0 / (1.0 + std::exp(-logit));
  }
  return memo.score;
}

double Evaluator::finding_value(std::size_t f) const {
  return scratch_->values[f];
}

Tri Evaluator::ask_when_state(std::size_t f) const {
  const std::uint32_t root = kb_.program().ask_when_root[f];
  return root == detail::kNoNode ? Tri::kTrue : scratch_->node_state[root];
}

const std::string& triage_advice(const KnowledgeBase& kb, const Result& r) {
  for (const std::size_t i : r.reasons)
    if (!kb.triage_rules()[i].advice.empty()) return kb.triage_rules()[i].advice;
  return kb.triage_levels()[r.triage_level].advice;
}

void Case::clear_all() {
  // Copied from a block of NaNs: memcpy moves 32 bytes a step where the fill loop (SSE2
  // only) stores 16, and this runs once per batch line.
  static constexpr auto kUnknown = [] {
    std::array<double, 64> block{};
    block.fill(std::numeric_limits<double>::quiet_NaN());
    return block;
  }();
  double* out = values_.data();
  for (std::size_t left = values_.size(); left > 0;) {
    const std::size_t n = std::min(left, kUnknown.size());
    std::memcpy(out, kUnknown.data(), n * sizeof(double));
    out += n;
    left -= n;
  }
}

}  // namespace spotcheck
