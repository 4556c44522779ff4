// The compiled form of a knowledge base's conditions: a flat array of nodes indexed by
// number, so that evaluation does no string look-ups and no allocation.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <spotcheck/evaluator.h>

namespace spotcheck::detail {

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

struct Program {
  std::vector<Node> nodes;  // leaves first (leaf_count of them), then the rest
  std::uint32_t leaf_count = 0;
  std::vector<std::uint32_t> children;
  std::vector<std::uint32_t> rule_root;        // per triage rule; kNoNode for the fallback
  std::vector<std::uint32_t> evidence_root;    // per evidence item
  std::vector<std::uint32_t> derivation_root;  // per derivation case
  std::vector<std::uint32_t> derived_order;    // derived findings, dependencies first
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

  /// Evaluates every node into `out`: the leaves in a tight loop of their own, then the
  /// rest in creation order, children before parents. Cheaper than evaluating each root
  /// on its own, since shared nodes are evaluated once and nothing recurses.
  void eval_all(const double* v, Tri* out) const {
    for (std::uint32_t n = 0; n < leaf_count; ++n) out[n] = leaf(nodes[n], v);
    const std::size_t count = nodes.size();
    for (std::size_t n = leaf_count; n < count; ++n) {
      const Node& x = nodes[n];
      const Tri* first = out;  // children's values, through the child list
      auto child = [&](std::uint32_t i) { return first[children[x.first_child + i]]; };
      out[n] = combine(x, child);
    }
  }

  /// One node's value, evaluating its children recursively (for a single rule).
  Tri eval(std::uint32_t n, const double* v) const {
    const Node& x = nodes[n];
    if (x.op < Op::kNot) return leaf(x, v);
    return combine(x, [&](std::uint32_t i) { return eval(children[x.first_child + i], v); });
  }

 private:
  /// A leaf reads one answer.
  static Tri leaf(const Node& x, const double* v) {
    const double d = v[x.finding];
    if (x.op == Op::kKnown) return std::isnan(d) ? Tri::kFalse : Tri::kTrue;
    if (std::isnan(d)) return Tri::kUnknown;
    bool holds = false;
    switch (x.op) {
      case Op::kIs:
        holds = d != 0;
        break;
      case Op::kIn:
        holds = (x.choice_mask >> static_cast<unsigned>(d)) & 1u;
        break;
      case Op::kLt:
        holds = d < x.number;
        break;
      case Op::kLe:
        holds = d <= x.number;
        break;
      case Op::kGt:
        holds = d > x.number;
        break;
      case Op::kGe:
        holds = d >= x.number;
        break;
      default:
        break;
    }
    return holds ? Tri::kTrue : Tri::kFalse;
  }

  /// A composite node from its children's values (Kleene logic); `child(i)` gives them,
  /// evaluated lazily so that all/any can stop early.
  template <typename Child>
  static Tri combine(const Node& x, Child child) {
    switch (x.op) {
      case Op::kNot: {
        const Tri t = child(0);
        return t == Tri::kUnknown ? t : (t == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
      }
      case Op::kAll: {
        Tri acc = Tri::kTrue;
        for (std::uint32_t i = 0; i < x.child_count; ++i) {
          const Tri t = child(i);
          if (t == Tri::kFalse) return t;
          if (t == Tri::kUnknown) acc = t;
        }
        return acc;
      }
      case Op::kAny: {
        Tri acc = Tri::kFalse;
        for (std::uint32_t i = 0; i < x.child_count; ++i) {
          const Tri t = child(i);
          if (t == Tri::kTrue) return t;
          if (t == Tri::kUnknown) acc = t;
        }
        return acc;
      }
      case Op::kDefinitely:
        return child(0) == Tri::kTrue ? Tri::kTrue : Tri::kFalse;
      case Op::kPossibly:
        return child(0) == Tri::kFalse ? Tri::kFalse : Tri::kTrue;
      default:
        return Tri::kUnknown;
    }
  }
};

}  // namespace spotcheck::detail
