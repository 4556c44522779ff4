// The compiled program's two ways of evaluating (eval_all's leaf runs and combine steps,
// and eval's recursion over one node) must agree on every node, for any answers.
#include "program.h"

#include <cmath>
#include <limits>
#include <random>

#include <catch2/catch.hpp>

#include <spotcheck/case.h>
#include <spotcheck/embedded_kb.h>

#include "test_kb.h"

using namespace spotcheck;
using spotcheck::test::json;

namespace {

// Random answers for every input finding: each unknown with probability 1/3, else a value
// of its type, numbers drawn around the thresholds the knowledge base compares them with.
std::vector<double> random_values(const KnowledgeBase& kb, std::mt19937& rng) {
  std::vector<double> v(kb.findings().size(), std::nan(""));
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f) {
    if (rng() % 3 == 0) continue;
    const Finding& finding = kb.findings()[f];
    switch (finding.type) {
      case FindingType::kBool:
        v[f] = static_cast<double>(rng() % 2);
        break;
      case FindingType::kChoice:
        v[f] = static_cast<double>(rng() % finding.choices.size());
        break;
      case FindingType::kNumber: {
        const auto& trials = kb.program().trial_values[f];
        v[f] = trials.empty() ? static_cast<double>(rng() % 100) : trials[rng() % trials.size()];
        break;
      }
    }
  }
  return v;
}

void check_agreement(const KnowledgeBase& kb, int cases, unsigned seed) {
  const detail::Program& program = kb.program();
  std::mt19937 rng(seed);
  std::vector<Tri> all(program.nodes.size());
  for (int k = 0; k < cases; ++k) {
    const std::vector<double> v = random_values(kb, rng);
    program.eval_all(v.data(), all.data());
    for (std::uint32_t n = 0; n < program.nodes.size(); ++n) {
      INFO("case " << k << ", node " << n);
      REQUIRE(all[n] == program.eval(n, v.data()));
    }
  }
}

}  // namespace

TEST_CASE("eval_all and eval agree on every node of the built-in knowledge base", "[program]") {
  check_agreement(*KnowledgeBase::embedded(), 2000, 7);
}

TEST_CASE("the built-in knowledge base's native code matches the interpreter", "[program]") {
  // embedded() has the native code generated at build time; the same image loaded with
  // from_image() is interpreted.
  const auto native = KnowledgeBase::embedded();
  const auto interpreted = KnowledgeBase::from_image(embedded_kb_image());
  REQUIRE(native->program().native != nullptr);
  REQUIRE(interpreted->program().native == nullptr);
  const detail::Program& program = native->program();
  const detail::ScoreTable table(*native);
  std::mt19937 rng(5);
  std::vector<Tri> by_native(program.nodes.size()), by_interpreter(program.nodes.size());
  std::vector<double> logit_native(native->causes().size());
  std::vector<double> logit_interpreter(native->causes().size());
  for (int k = 0; k < 2000; ++k) {
    const std::vector<double> v = random_values(*native, rng);
    program.native->eval_all(v.data(), by_native.data());
    program.eval_all(v.data(), by_interpreter.data());
    REQUIRE(by_native == by_interpreter);
    program.native->score(by_native.data(), logit_native.data());
    table.score(by_interpreter.data(), logit_interpreter.data());
    REQUIRE(logit_native == logit_interpreter);  // bit for bit: same additions, same order

    // Rule states copied out of the node states, as the Evaluator's loop over rule_root
    // does; the fallback rule has no condition and is false here.
    std::vector<Tri> rules_native(program.rule_root.size(), Tri::kTrue);
    program.native->rule_states(by_native.data(), rules_native.data());
    for (std::uint32_t r = 0; r < program.rule_root.size(); ++r) {
      const std::uint32_t root = program.rule_root[r];
      REQUIRE(rules_native[r] == (root == detail::kNoNode ? Tri::kFalse : by_interpreter[root]));
    }

    // Derived findings: the first derivation case whose condition is true, interpreted here.
    std::vector<double> derived = v, reference = v;
    std::vector<std::uint32_t> chosen(v.size(), 0), reference_chosen(v.size(), 0);
    program.native->derive(derived.data(), chosen.data());
    for (const std::uint32_t f : program.derived_order)
      for (std::uint32_t c = program.cases_begin[f]; c < program.cases_end[f]; ++c) {
        const std::uint32_t root = program.derivation_root[c];
        if (root == detail::kNoNode || program.eval(root, reference.data()) == Tri::kTrue) {
          reference[f] = native->derivation_cases()[c].value;
          reference_chosen[f] = c;
          break;
        }
      }
    for (const std::uint32_t f : program.derived_order) {
      REQUIRE(chosen[f] == reference_chosen[f]);
      REQUIRE((derived[f] == reference[f] || (std::isnan(derived[f]) && std::isnan(reference[f]))));
    }

    // Each rule's condition on its own, as the next-question search evaluates trials.
    for (std::uint32_t r = 0; r < program.rule_root.size(); ++r) {
      const auto by_native_rule = static_cast<Tri>(program.native->eval_rule(r, derived.data()));
      const std::uint32_t root = program.rule_root[r];
      REQUIRE(by_native_rule ==
              (root == detail::kNoNode ? Tri::kFalse : program.eval(root, derived.data())));
    }
  }
}

TEST_CASE("eval_all and eval agree on nested operators with many children", "[program]") {
  const json a = {{"is", "a"}}, b = {{"is", "b"}};
  const json three_all = {{"all", {a, b, {{"not", a}}}}};
  const json three_any = {{"any", {{{"definitely", b}}, {{"possibly", a}}, {{"not", b}}}}};
  const json nested = {{"not", {{"all", {three_any, {{"any", {a, three_all, b}}}}}}}};
  const auto kb = test::kb_with_conditions({three_all, three_any, nested});
  check_agreement(*kb, 200, 11);
}

TEST_CASE("leaves are grouped by operator and composite nodes follow their children", "[program]") {
  const detail::Program& program = KnowledgeBase::embedded()->program();
  REQUIRE_FALSE(program.runs.empty());
  std::uint32_t begin = 0;
  for (const detail::OpRun& run : program.runs) {
    CHECK(run.op < detail::Op::kNot);
    for (std::uint32_t n = begin; n < run.end; ++n) CHECK(program.nodes[n].op == run.op);
    begin = run.end;
  }
  for (const detail::CombineStep& step : program.steps) {
    CHECK(step.dst >= begin);
    CHECK(step.a <= step.dst);
    CHECK(step.b <= step.dst);
  }
}

TEST_CASE("native yes/no leaves match the interpreter on values no reader produces", "[program]") {
  // The native code tests a yes/no answer with islessgreater and isunordered, the
  // interpreter with == and !=: they must agree on -0, infinities, subnormals, negative
  // and fractional values and NaNs of either sign, not only on 0, 1 and the reader's NaN.
  const auto native = KnowledgeBase::embedded();
  const detail::Program& program = native->program();
  REQUIRE(program.native != nullptr);
  const double odd[] = {-0.0,
                        0.0,
                        1.0,
                        -1.0,
                        0.5,
                        std::numeric_limits<double>::denorm_min(),
                        -std::numeric_limits<double>::denorm_min(),
                        std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN(),
                        -std::numeric_limits<double>::quiet_NaN(),
                        std::numeric_limits<double>::max()};
  std::mt19937 rng(11);
  std::vector<Tri> by_native(program.nodes.size()), by_interpreter(program.nodes.size());
  std::size_t yes_no_leaves = 0;
  for (const detail::Node& x : program.nodes) yes_no_leaves += x.op == detail::Op::kIs;
  REQUIRE(yes_no_leaves > 0);
  for (int k = 0; k < 500; ++k) {
    std::vector<double> v = random_values(*native, rng);
    for (std::size_t f = 0; f < native->findings().size(); ++f)
      if (native->findings()[f].type == FindingType::kBool && rng() % 2 == 0)
        v[f] = odd[rng() % std::size(odd)];
    program.native->eval_all(v.data(), by_native.data());
    program.eval_all(v.data(), by_interpreter.data());
    for (std::uint32_t n = 0; n < program.nodes.size(); ++n) {
      INFO("case " << k << ", node " << n);
      REQUIRE(by_native[n] == by_interpreter[n]);
    }
  }
}
