#include "native_codegen.h"

#include <fmt/format.h>

#include "program.h"

namespace spotcheck::detail {
namespace {

// A double as a C++ literal that reads back as exactly the same value.
std::string literal(double x) {
  std::string text = fmt::format("{}", x);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

// One leaf: the answer it reads compared, as Program::leaf_as does it. Tri's values:
// false 0, unknown 1, true 3.
std::string leaf_code(std::uint32_t n, const Node& x) {
  const std::string d = fmt::format("v[{}]", x.finding);
  std::string holds;
  switch (x.op) {
    case Op::kIs:
      holds = fmt::format("{} != 0", d);
      break;
    case Op::kIn:
      holds = fmt::format("(0x{:x}ull >> static_cast<unsigned>({})) & 1u", x.choice_mask, d);
      break;
    case Op::kLt:
      holds = fmt::format("{} < {}", d, literal(x.number));
      break;
    case Op::kLe:
      holds = fmt::format("{} <= {}", d, literal(x.number));
      break;
    case Op::kGt:
      holds = fmt::format("{} > {}", d, literal(x.number));
      break;
    case Op::kGe:
      holds = fmt::format("{} >= {}", d, literal(x.number));
      break;
    default:  // kKnown
      return fmt::format("  s[{}] = {} == {} ? 3 : 0;\n", n, d, d);
  }
  return fmt::format("  s[{}] = {} == {} ? (({}) ? 3 : 0) : 1;\n", n, d, d, holds);
}

// One CombineStep: all and any as the bitwise and / or that Tri's values make them (one
// instruction each, where a table look-up takes several), the other rows from kCombine
// itself. program_test checks the result against the interpreter.
std::string step_code(const CombineStep& step) {
  if (step.op == combine_row(Op::kAll))
    return fmt::format("  s[{}] = s[{}] & s[{}];\n", step.dst, step.a, step.b);
  if (step.op == combine_row(Op::kAny))
    return fmt::format("  s[{}] = s[{}] | s[{}];\n", step.dst, step.a, step.b);
  return fmt::format("  s[{}] = kCombine[{}][s[{}]][s[{}]];\n", step.dst, step.op, step.a, step.b);
}

}  // namespace

std::string native_source(const KnowledgeBase& kb) {
  const Program& program = kb.program();
  const ScoreTable table(kb);
  std::string out =
      "\n// The knowledge base's program as native code (native_codegen.h).\n"
      "namespace spotcheck::detail {\nnamespace {\n\n"
      "void eval_all(const double* v, Tri* out) {\n"
      "  auto* s = reinterpret_cast<std::uint8_t*>(out);\n";
  const std::uint32_t leaves = program.runs.empty() ? 0 : program.runs.back().end;
  for (std::uint32_t n = 0; n < leaves; ++n) out += leaf_code(n, program.nodes[n]);
  for (const CombineStep& step : program.steps) out += step_code(step);
  out += "}\n\nconstexpr double kWeight[][4] = {\n";
  for (const ScoreTable::Item& item : table.items)
    out += fmt::format("    {{{}, 0.0, 0.0, {}}},\n", literal(item.by_state[0]),
                       literal(item.by_state[3]));
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
  out +=
      "}\n\n"
      "constexpr NativeCode kNative{eval_all, score};\n\n"
      "}  // namespace\n\n"
      "const NativeCode& embedded_native_code() { return kNative; }\n\n"
      "}  // namespace spotcheck::detail\n";
  return out;
}

}  // namespace spotcheck::detail
