// The compiled form of a knowledge base's conditions: a flat array of nodes indexed by
// number, so that evaluation does no string look-ups and no allocation.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck::detail {

// Operators before kNot read one answer (leaves); the rest combine other nodes.
enum class Op : std::uint8_t {
  kIs,
  kIn,
  kLt,
  kLe,
  kGt,
  kGe,
  kKnown,
  kNot,
  kAll,
  kAny,
  kDefinitely,
  kPossibly
};

struct Node {
  Op op = Op::kIs;
  std::uint32_t finding = 0;      // leaf operators
  std::uint32_t first_child = 0;  // into Program::children
  std::uint32_t child_count = 0;
  double number = 0;              // comparisons
  std::uint64_t choice_mask = 0;  // kIn: bit i set when choice i matches
};

inline constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();

/// A stretch of consecutive leaves with the same operator, ending before node `end`.
struct OpRun {
  Op op = Op::kIs;
  std::uint32_t end = 0;
};

/// One step of evaluating the composite nodes: state[dst] = kCombine[op][state[a]][state[b]].
/// A node with k > 1 children takes k - 1 steps (dst is then also an operand); a node with
/// one child takes one, with b = a.
struct CombineStep {
  std::uint32_t dst = 0, a = 0, b = 0;
  std::uint32_t op = 0;  // row of kCombine: Op minus kNot
};

/// Kleene's logic as tables indexed by Tri's values (0 false, 1 unknown, 3 true), one per
/// composite operator in Op order (row = op - kNot): the one definition of what the
/// operators mean, used by eval_all, eval and the native code.
inline constexpr std::uint8_t kCombine[5][4][4] = {
    // not a
    {{3, 3, 0, 3}, {1, 1, 0, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}},
    // a and b
    {{0, 0, 0, 0}, {0, 1, 0, 1}, {0, 0, 0, 0}, {0, 1, 0, 3}},
    // a or b
    {{0, 1, 0, 3}, {1, 1, 0, 3}, {0, 0, 0, 0}, {3, 3, 0, 3}},
    // definitely a
    {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {3, 3, 0, 3}},
    // possibly a
    {{0, 0, 0, 0}, {3, 3, 0, 3}, {0, 0, 0, 0}, {3, 3, 0, 3}},
};

/// The row of kCombine for a composite operator.
constexpr std::uint32_t combine_row(Op op) {
  return static_cast<std::uint32_t>(op) - static_cast<std::uint32_t>(Op::kNot);
}

/// kCombine[row][a][b] as a Tri.
inline Tri combine(std::uint32_t row, Tri a, Tri b) {
  return static_cast<Tri>(kCombine[row][static_cast<std::size_t>(a)][static_cast<std::size_t>(b)]);
}

/// Native code for one program, generated at build time (native_codegen.h).
struct NativeCode {
  void (*eval_all)(const double* v, Tri* out);     // as Program::eval_all
  void (*score)(const Tri* state, double* logit);  // as the Evaluator's scoring loop
  // As Evaluator::derive; records each derived finding's case in `chosen` unless null.
  void (*derive)(double* v, std::uint32_t* chosen);
  // Triage rule `rule`'s condition, as eval(rule_root[rule], v); false for no condition.
  std::uint8_t (*eval_rule)(std::uint32_t rule, const double* v);
  // Every triage rule's state from eval_all's node states: rule[r] = state[rule_root[r]],
  // false for no condition. (Constant indices: two instructions a rule, where a loop
  // over rule_root takes twice that.)
  void (*rule_states)(const Tri* state, Tri* rule);
};

struct Program {
  // Leaves first, grouped by operator (`runs`, so that evaluation loops over each group
  // without a switch per leaf); then the rest, children before parents, which `steps`
  // evaluates.
  std::vector<Node> nodes;
  std::vector<OpRun> runs;
  std::vector<CombineStep> steps;
  std::vector<std::uint32_t> children;
  std::vector<std::uint32_t> rule_root;           // per triage rule; kNoNode for the fallback
  std::vector<std::uint32_t> evidence_root;       // per evidence item
  std::vector<std::uint32_t> derivation_root;     // per derivation case
  std::vector<std::uint32_t> contradiction_root;  // per contradiction
  std::vector<std::uint32_t> ask_when_root;       // per input finding; kNoNode: always fits
  std::vector<std::uint32_t> derived_order;       // derived findings, dependencies first
  // Per finding: the range of its derivation cases (empty for input findings).
  std::vector<std::uint32_t> cases_begin, cases_end;
  // Input findings each rule / evidence item depends on (derived ones expanded), so that
  // the next-question search knows which answers could change it.
  std::vector<std::vector<std::uint32_t>> rule_inputs, evidence_inputs;
  std::uint32_t fallback_rule = kNoNode;
  // Per input finding: the rules that read it, and the answers worth trying when asking
  // whether that one answer could make a rule fire (each choice, true and false, and
  // each number just below, at and above every threshold it is compared with).
  std::vector<std::vector<std::uint32_t>> finding_rules;
  std::vector<std::vector<double>> trial_values;
  std::vector<std::uint8_t> feeds_derived;  // per input finding: some derived finding reads it
  std::vector<std::vector<std::uint32_t>> derived_inputs;  // per finding: inputs of a derived one
  // The same program as native code, for the built-in knowledge base only (set by
  // KnowledgeBase::embedded()); null means interpret.
  const NativeCode* native = nullptr;

  /// Evaluates every node into `out`: the leaves run by run, then the composite nodes by
  /// table look-ups. Cheaper than evaluating each root on its own, since shared nodes are
  /// evaluated once, nothing recurses, and nothing branches per node.
  void eval_all(const double* v, Tri* out) const {
    std::uint32_t n = 0;
    for (const OpRun& run : runs) {
      switch (run.op) {
        case Op::kIs:
          n = eval_run<Op::kIs>(n, run.end, v, out);
          break;
        case Op::kIn:
          n = eval_run<Op::kIn>(n, run.end, v, out);
          break;
        case Op::kLt:
          n = eval_run<Op::kLt>(n, run.end, v, out);
          break;
        case Op::kLe:
          n = eval_run<Op::kLe>(n, run.end, v, out);
          break;
        case Op::kGt:
          n = eval_run<Op::kGt>(n, run.end, v, out);
          break;
        case Op::kGe:
          n = eval_run<Op::kGe>(n, run.end, v, out);
          break;
        case Op::kKnown:
        // Runs hold leaves only (KbLoader::order_nodes): the composite operators are
        // listed so that -Wswitch-enum sees every operator handled.
        case Op::kNot:
        case Op::kAll:
        case Op::kAny:
        case Op::kDefinitely:
        case Op::kPossibly:
          n = eval_run<Op::kKnown>(n, run.end, v, out);
          break;
      }
    }
    auto* state = reinterpret_cast<std::uint8_t*>(out);
    for (const CombineStep& step : steps)
      state[step.dst] = kCombine[step.op][state[step.a]][state[step.b]];
  }

  /// Triage rule `rule`'s condition on answers `v`: native code when attached, else eval().
  Tri eval_rule(std::uint32_t rule, const double* v) const {
    if (native) return static_cast<Tri>(native->eval_rule(rule, v));
    return rule_root[rule] == kNoNode ? Tri::kFalse : eval(rule_root[rule], v);
  }

  /// One node's value, evaluating its children recursively (for a single rule). Folds
  /// the children as the CombineSteps of eval_all do: k - 1 steps, or (a, a) for one.
  Tri eval(std::uint32_t n, const double* v) const {
    const Node& x = nodes[n];
    if (x.op < Op::kNot) return leaf(x, v);
    const std::uint32_t row = combine_row(x.op);
    const std::uint32_t* child = children.data() + x.first_child;
    Tri acc = eval(child[0], v);
    if (x.child_count == 1) return combine(row, acc, acc);
    for (std::uint32_t i = 1; i < x.child_count; ++i) acc = combine(row, acc, eval(child[i], v));
    return acc;
  }

  /// A leaf's value: the answer it reads, compared. An unknown answer gives unknown,
  /// except for `known`, which is false.
  static Tri leaf(const Node& x, const double* v) {
    switch (x.op) {
      case Op::kIs:
        return leaf_as<Op::kIs>(x, v);
      case Op::kIn:
        return leaf_as<Op::kIn>(x, v);
      case Op::kLt:
        return leaf_as<Op::kLt>(x, v);
      case Op::kLe:
        return leaf_as<Op::kLe>(x, v);
      case Op::kGt:
        return leaf_as<Op::kGt>(x, v);
      case Op::kGe:
        return leaf_as<Op::kGe>(x, v);
      case Op::kKnown:
      // Not leaves, never asked for (eval() tests x.op < kNot); listed for -Wswitch-enum.
      case Op::kNot:
      case Op::kAll:
      case Op::kAny:
      case Op::kDefinitely:
      case Op::kPossibly:
        return leaf_as<Op::kKnown>(x, v);
    }
    return Tri::kUnknown;
  }

 private:
  template <Op op>
  static Tri leaf_as(const Node& x, const double* v) {
    const double d = v[x.finding];
    const bool known = d == d;  // not NaN
    bool holds = known;
    if constexpr (op == Op::kIs) holds = d != 0;
    if constexpr (op == Op::kIn)
      holds = known && ((x.choice_mask >> static_cast<unsigned>(d)) & 1u);
    if constexpr (op == Op::kLt) holds = d < x.number;
    if constexpr (op == Op::kLe) holds = d <= x.number;
    if constexpr (op == Op::kGt) holds = d > x.number;
    if constexpr (op == Op::kGe) holds = d >= x.number;
    if constexpr (op == Op::kKnown) return known ? Tri::kTrue : Tri::kFalse;
    return known ? (holds ? Tri::kTrue : Tri::kFalse) : Tri::kUnknown;
  }

  template <Op op>
  std::uint32_t eval_run(std::uint32_t n, std::uint32_t end, const double* v, Tri* out) const {
    for (; n < end; ++n) out[n] = leaf_as<op>(nodes[n], v);
    return n;
  }
};

/// How causes are scored: a cause's log-odds is its prior plus, for each of its evidence
/// items in order, the item's weight for the state of its condition's node.
struct ScoreTable {
  struct Item {
    std::array<double, 4> by_state;  // indexed by Tri's value (entry 2 unused)
    std::uint32_t root;              // the node of the item's condition
  };
  std::vector<Item> items;         // per evidence item
  std::vector<double> prior;       // per cause
  std::vector<std::uint32_t> end;  // per cause: its items end here

  explicit ScoreTable(const KnowledgeBase& kb) {
    for (std::size_t e = 0; e < kb.evidence().size(); ++e) {
      const EvidenceItem& item = kb.evidence()[e];
      items.push_back({{item.weight_if_false, item.weight_if_unknown, 0.0, item.weight},
                       kb.program().evidence_root[e]});
    }
    for (const Cause& cause : kb.causes()) {
      prior.push_back(cause.prior);
      end.push_back(static_cast<std::uint32_t>(cause.evidence_end));
    }
  }

  /// Every cause's log-odds into `logit`, from the node states.
  void score(const Tri* state, double* logit) const {
    for (std::size_t i = 0, e = 0; i < prior.size(); ++i) {
      double sum = prior[i];
      for (; e < end[i]; ++e)
        sum += items[e].by_state[static_cast<std::size_t>(state[items[e].root])];
      logit[i] = sum;
    }
  }
};

}  // namespace spotcheck::detail
