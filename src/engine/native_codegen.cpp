#include "native_codegen.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "program.h"

namespace spotcheck::detail {
namespace {

// A double as a C++ expression that reads back as exactly the same value (NaN, the value
// of an unknown derived finding, has no literal).
std::string literal(double x) {
  if (std::isnan(x)) return "std::numeric_limits<double>::quiet_NaN()";
  if (std::isinf(x))
    return x > 0 ? "std::numeric_limits<double>::infinity()"
                 : "-std::numeric_limits<double>::infinity()";
  std::string text = fmt::format("{}", x);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

// kCombine[row][a][b] as code: all and any as the bitwise and / or that Tri's values make
// them (one instruction each, where a table look-up takes several), the other rows from
// kCombine itself. program_test checks the result against the interpreter.
std::string combine_expression(std::uint32_t row, const std::string& a, const std::string& b) {
  if (row == combine_row(Op::kAll)) return fmt::format("({} & {})", a, b);
  if (row == combine_row(Op::kAny)) return fmt::format("({} | {})", a, b);
  return fmt::format("kCombine[{}][{}][{}]", row, a, b);
}

// One leaf's state: the answer it reads compared, as Program::leaf_as does it. Tri's
// values: false 0, unknown 1, true 3.
//
// Written with bitwise operators on the comparisons' results rather than ?:, so that the
// compiler makes no branch: whether an answer is given, and how it compares, is a coin
// toss from one case to the next. 3 * (known & holds) | !known is 3, 0 or 1. A NaN
// fails every comparison but !=, which kIs therefore ands with `known`.
std::string leaf_expression(const Node& x) {
  const std::string d = fmt::format("v[{}]", x.finding);
  const std::string known = fmt::format("({} == {})", d, d);
  std::string holds;
  switch (x.op) {
    case Op::kIs:
      // islessgreater is "known and not zero" in one comparison, where `d != 0` (true for
      // a NaN) needs `known` and-ed in: a dozen instructions down to eight, for the most
      // common leaf.
      return fmt::format("3 * std::islessgreater({0}, 0.0) | std::isunordered({0}, 0.0)", d);
    case Op::kIn:  // a NaN must not reach the conversion, so this one keeps its branch
      return fmt::format("{} ? (((0x{:x}ull >> static_cast<unsigned>({})) & 1u) ? 3 : 0) : 1",
                         known, x.choice_mask, d);
    case Op::kLt:
      holds = fmt::format("({} < {})", d, literal(x.number));
      break;
    case Op::kLe:
      holds = fmt::format("({} <= {})", d, literal(x.number));
      break;
    case Op::kGt:
      holds = fmt::format("({} > {})", d, literal(x.number));
      break;
    case Op::kGe:
      holds = fmt::format("({} >= {})", d, literal(x.number));
      break;
    case Op::kKnown:
    // Not leaves, never passed here (callers pass nodes with op < kNot only); listed for
    // -Wswitch-enum.
    case Op::kNot:
    case Op::kAll:
    case Op::kAny:
    case Op::kDefinitely:
    case Op::kPossibly:
      return fmt::format("3 * {}", known);
  }
  return fmt::format("3 * {} | !{}", holds, known);
}

std::string leaf_code(std::uint32_t n, const Node& x) {
  return fmt::format("  s[{}] = {};\n", n, leaf_expression(x));
}

std::string step_code(const CombineStep& step) {
  return fmt::format(
      "  s[{}] = {};\n", step.dst,
      combine_expression(step.op, fmt::format("s[{}]", step.a), fmt::format("s[{}]", step.b)));
}

// Statements that compute the state of node `root` into local t<root>, with those of
// the nodes below it first: nodes are numbered children before parents, so ascending
// order will do. Composite nodes fold their children left to right through kCombine, as
// Program::eval does (a single child is combined with itself).
std::string subtree_code(const Program& program, std::uint32_t root) {
  std::set<std::uint32_t> below;
  std::vector<std::uint32_t> todo{root};
  while (!todo.empty()) {
    const std::uint32_t n = todo.back();
    todo.pop_back();
    if (!below.insert(n).second) continue;
    const Node& x = program.nodes[n];
    if (x.op >= Op::kNot)
      for (std::uint32_t i = 0; i < x.child_count; ++i)
        todo.push_back(program.children[x.first_child + i]);
  }
  std::string out;
  for (const std::uint32_t n : below) {
    const Node& x = program.nodes[n];
    if (x.op < Op::kNot) {
      out += fmt::format("    const std::uint8_t t{} = {};\n", n, leaf_expression(x));
      continue;
    }
    const std::uint32_t row = combine_row(x.op);
    const std::uint32_t* child = program.children.data() + x.first_child;
    std::string acc = fmt::format("t{}", child[0]);
    if (x.child_count == 1) acc = combine_expression(row, acc, acc);
    for (std::uint32_t i = 1; i < x.child_count; ++i)
      acc = combine_expression(row, acc, fmt::format("t{}", child[i]));
    out += fmt::format("    const std::uint8_t t{} = {};\n", n, acc);
  }
  return out;
}

// The derived findings, as Evaluator::derive computes them: per finding, in dependency
// order, the value of the first case whose condition is true.
std::string derive_code(const KnowledgeBase& kb) {
  const Program& program = kb.program();
  std::string out = "void derive(double* v, std::uint32_t* chosen) {\n";
  for (const std::uint32_t f : program.derived_order) {
    out += "  do {\n";
    for (std::uint32_t k = program.cases_begin[f]; k < program.cases_end[f]; ++k) {
      const std::uint32_t root = program.derivation_root[k];
      const std::string take = fmt::format("v[{}] = {}; if (chosen) chosen[{}] = {}; break;", f,
                                           literal(kb.derivation_cases()[k].value), f, k);
      if (root == kNoNode) {
        out += fmt::format("    {}\n", take);
        break;  // `otherwise`: the cases after it cannot be reached
      }
      out += "  {\n" + subtree_code(program, root) +
             fmt::format("    if (t{} == 3) {{ {} }}\n  }}\n", root, take);
    }
    out += "  } while (false);\n";
  }
  return out + "}\n\n";
}

// One rule's condition, on answers that may differ from the case's (the next-question
// search tries answers this way), as Program::eval(rule_root[rule]) computes it.
std::string rule_code(const Program& program) {
  std::string out =
      "std::uint8_t eval_rule(std::uint32_t rule, const double* v) {\n  switch (rule) {\n";
  for (std::uint32_t r = 0; r < program.rule_root.size(); ++r) {
    const std::uint32_t root = program.rule_root[r];
    if (root == kNoNode) continue;
    out += fmt::format("  case {}: {{\n", r) + subtree_code(program, root) +
           fmt::format("    return t{};\n  }}\n", root);
  }
  return out + "  default:\n    return 0;  // no condition: never fires\n  }\n}\n\n";
}

// Every rule's state copied out of the node states, as NativeCode::rule_states.
std::string rule_states_code(const Program& program) {
  std::string out =
      "void rule_states(const Tri* __restrict state, Tri* __restrict rule) {\n"
      "  const auto* s = reinterpret_cast<const std::uint8_t*>(state);\n"
      "  auto* r = reinterpret_cast<std::uint8_t*>(rule);\n";
  for (std::uint32_t i = 0; i < program.rule_root.size(); ++i)
    out += program.rule_root[i] == kNoNode
               ? fmt::format("  r[{}] = 0;\n", i)
               : fmt::format("  r[{}] = s[{}];\n", i, program.rule_root[i]);
  return out + "}\n\n";
}

}  // namespace

std::string native_source(const KnowledgeBase& kb) {
  const Program& program = kb.program();
  const ScoreTable table(kb);
  // eval_all's pointers are __restrict: its states are bytes, and a store of a byte may
  // alias anything, so without it every leaf would reload the answers it shares with the
  // leaves before it, and keep more values alive across the stores (spilt to the stack).
  std::string out =
      "\n// The knowledge base's program as native code (native_codegen.h).\n"
      "namespace spotcheck::detail {\nnamespace {\n\n"
      "void eval_all(const double* __restrict v, Tri* __restrict out) {\n"
      "  auto* s = reinterpret_cast<std::uint8_t*>(out);\n";
  const std::uint32_t leaves = program.runs.empty() ? 0 : program.runs.back().end;
  for (std::uint32_t n = 0; n < leaves; ++n) out += leaf_code(n, program.nodes[n]);
  for (const CombineStep& step : program.steps) out += step_code(step);
  out += "}\n\nconstexpr double kWeight[][4] = {\n";
  for (const ScoreTable::Item& item : table.items)
    out += fmt::format("    {{{}, {}, 0.0, {}}},\n", literal(item.by_state[0]),
                       literal(item.by_state[1]), literal(item.by_state[3]));
  if (table.items.empty()) out += "    {0.0, 0.0, 0.0, 0.0},\n";
  out +=
      "};\n\n"
      "void score(const Tri* state, double* logit) {\n"
      "  const auto* s = reinterpret_cast<const std::uint8_t*>(state);\n"
      "  double sum;\n";
  for (std::size_t i = 0, e = 0; i < table.prior.size(); ++i) {
    out += fmt::format("  sum = {};\n", literal(table.prior[i]));
    for (; e < table.end[i]; ++e)
      out += fmt::format("  sum += kWeight[{}][s[{}]];\n", e, table.items[e].root);
    out += fmt::format("  logit[{}] = sum;\n", i);
  }
  out += "}\n\n" + derive_code(kb) + rule_code(program) + rule_states_code(program) +
         "constexpr NativeCode kNative{eval_all, score, derive, eval_rule, rule_states};\n\n"
         "}  // namespace\n\n"
         "const NativeCode& embedded_native_code() { return kNative; }\n\n"
         "}  // namespace spotcheck::detail\n";
  return out;
}

}  // namespace spotcheck::detail
