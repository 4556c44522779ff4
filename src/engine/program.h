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
  std::vector<Node> nodes;
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

  /// Evaluates every node, children before parents (the order nodes are created in), into
  /// `out`. Cheaper than evaluating each root on its own, since shared nodes are
  /// evaluated once and nothing recurses.
  void eval_all(const double* v, Tri* out) const {
    const std::size_t count = nodes.size();
    for (std::size_t n = 0; n < count; ++n) {
      const Node& x = nodes[n];
      Tri t = Tri::kUnknown;
      switch (x.op) {
        case Op::kNot: {
          const Tri c = out[children[x.first_child]];
          t = c == Tri::kUnknown ? c : (c == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
          break;
        }
        case Op::kAll:
          t = Tri::kTrue;
          for (std::uint32_t i = 0; i < x.child_count; ++i) {
            const Tri c = out[children[x.first_child + i]];
            if (c == Tri::kFalse) {
              t = c;
              break;
            }
            if (c == Tri::kUnknown) t = c;
          }
          break;
        case Op::kAny:
          t = Tri::kFalse;
          for (std::uint32_t i = 0; i < x.child_count; ++i) {
            const Tri c = out[children[x.first_child + i]];
            if (c == Tri::kTrue) {
              t = c;
              break;
            }
            if (c == Tri::kUnknown) t = c;
          }
          break;
        case Op::kDefinitely:
          t = out[children[x.first_child]] == Tri::kTrue ? Tri::kTrue : Tri::kFalse;
          break;
        case Op::kPossibly:
          t = out[children[x.first_child]] == Tri::kFalse ? Tri::kFalse : Tri::kTrue;
          break;
        case Op::kIs: {
          const double d = v[x.finding];
          t = std::isnan(d) ? Tri::kUnknown : (d != 0 ? Tri::kTrue : Tri::kFalse);
          break;
        }
        case Op::kIn: {
          const double d = v[x.finding];
          t = std::isnan(d)
                  ? Tri::kUnknown
                  : ((x.choice_mask >> static_cast<unsigned>(d)) & 1u ? Tri::kTrue : Tri::kFalse);
          break;
        }
        case Op::kLt:
          t = compare(v[x.finding], [&](double d) { return d < x.number; });
          break;
        case Op::kLe:
          t = compare(v[x.finding], [&](double d) { return d <= x.number; });
          break;
        case Op::kGt:
          t = compare(v[x.finding], [&](double d) { return d > x.number; });
          break;
        case Op::kGe:
          t = compare(v[x.finding], [&](double d) { return d >= x.number; });
          break;
        case Op::kKnown:
          t = std::isnan(v[x.finding]) ? Tri::kFalse : Tri::kTrue;
          break;
      }
      out[n] = t;
    }
  }

  Tri eval(std::uint32_t n, const double* v) const {
    const Node& x = nodes[n];
    switch (x.op) {
      case Op::kIs: {
        const double d = v[x.finding];
        return std::isnan(d) ? Tri::kUnknown : (d != 0 ? Tri::kTrue : Tri::kFalse);
      }
      case Op::kIn: {
        const double d = v[x.finding];
        if (std::isnan(d)) return Tri::kUnknown;
        return (x.choice_mask >> static_cast<unsigned>(d)) & 1u ? Tri::kTrue : Tri::kFalse;
      }
      case Op::kLt:
        return compare(v[x.finding], [&](double d) { return d < x.number; });
      case Op::kLe:
        return compare(v[x.finding], [&](double d) { return d <= x.number; });
      case Op::kGt:
        return compare(v[x.finding], [&](double d) { return d > x.number; });
      case Op::kGe:
        return compare(v[x.finding], [&](double d) { return d >= x.number; });
      case Op::kKnown:
        return std::isnan(v[x.finding]) ? Tri::kFalse : Tri::kTrue;
      case Op::kNot: {
        const Tri t = eval(children[x.first_child], v);
        return t == Tri::kUnknown ? t : (t == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
      }
      case Op::kAll: {
        Tri acc = Tri::kTrue;
        for (std::uint32_t i = 0; i < x.child_count; ++i) {
          const Tri t = eval(children[x.first_child + i], v);
          if (t == Tri::kFalse) return t;
          if (t == Tri::kUnknown) acc = t;
        }
        return acc;
      }
      case Op::kAny: {
        Tri acc = Tri::kFalse;
        for (std::uint32_t i = 0; i < x.child_count; ++i) {
          const Tri t = eval(children[x.first_child + i], v);
          if (t == Tri::kTrue) return t;
          if (t == Tri::kUnknown) acc = t;
        }
        return acc;
      }
      case Op::kDefinitely:
        return eval(children[x.first_child], v) == Tri::kTrue ? Tri::kTrue : Tri::kFalse;
      case Op::kPossibly:
        return eval(children[x.first_child], v) == Tri::kFalse ? Tri::kFalse : Tri::kTrue;
    }
    return Tri::kUnknown;
  }

 private:
  template <typename Pred>
  static Tri compare(double d, Pred pred) {
    if (std::isnan(d)) return Tri::kUnknown;
    return pred(d) ? Tri::kTrue : Tri::kFalse;
  }
};

}  // namespace spotcheck::detail
