// Three-valued semantics of every condition operator (docs/kb-format.md), observed
// through rules of a small knowledge base.
#include <catch2/catch.hpp>

#include <spotcheck/evaluator.h>

#include "test_kb.h"

using namespace spotcheck;
using spotcheck::test::json;

namespace {

constexpr Tri T = Tri::kTrue, F = Tri::kFalse, U = Tri::kUnknown;

// Evaluates `condition` with a = va and b = vb (bools, or unknown).
Tri eval2(const json& condition, Tri va, Tri vb) {
  const auto kb = test::kb_with_conditions({condition});
  Case c(*kb);
  if (va != U) c.set_bool(*kb->find_finding("a"), va == T);
  if (vb != U) c.set_bool(*kb->find_finding("b"), vb == T);
  Evaluator ev(*kb);
  ev.evaluate(c);
  return ev.rule_state(0);
}

Tri eval_value(const json& condition, const char* finding, double value) {
  const auto kb = test::kb_with_conditions({condition});
  Case c(*kb);
  if (!std::isnan(value)) c.set(*kb->find_finding(finding), value);
  Evaluator ev(*kb);
  ev.evaluate(c);
  return ev.rule_state(0);
}

const json kA = {{"is", "a"}};
const json kB = {{"is", "b"}};

}  // namespace

TEST_CASE("is: present, absent and unknown", "[condition]") {
  CHECK(eval2(kA, T, U) == T);
  CHECK(eval2(kA, F, U) == F);
  CHECK(eval2(kA, U, U) == U);
}

TEST_CASE("not swaps true and false and keeps unknown", "[condition]") {
  const json c = {{"not", kA}};
  CHECK(eval2(c, T, U) == F);
  CHECK(eval2(c, F, U) == T);
  CHECK(eval2(c, U, U) == U);
}

TEST_CASE("all and any follow Kleene logic over every combination", "[condition]") {
  const json all = {{"all", {kA, kB}}};
  const json any = {{"any", {kA, kB}}};
  const Tri values[] = {T, F, U};
  for (Tri a : values) {
    for (Tri b : values) {
      INFO("a=" << int(a) << " b=" << int(b));
      const Tri expected_all = (a == F || b == F) ? F : (a == U || b == U) ? U : T;
      const Tri expected_any = (a == T || b == T) ? T : (a == U || b == U) ? U : F;
      CHECK(eval2(all, a, b) == expected_all);
      CHECK(eval2(any, a, b) == expected_any);
    }
  }
}

TEST_CASE("definitely and possibly collapse unknown", "[condition]") {
  const json definitely = {{"definitely", kA}};
  const json possibly = {{"possibly", kA}};
  CHECK(eval2(definitely, T, U) == T);
  CHECK(eval2(definitely, F, U) == F);
  CHECK(eval2(definitely, U, U) == F);
  CHECK(eval2(possibly, T, U) == T);
  CHECK(eval2(possibly, F, U) == F);
  CHECK(eval2(possibly, U, U) == T);
  // "unless clearly explained": an unknown answer never blocks an escalating rule.
  const json unless = {{"all", {kB, {{"not", {{"definitely", kA}}}}}}};
  CHECK(eval2(unless, U, T) == T);
  CHECK(eval2(unless, T, T) == F);
}

TEST_CASE("known is never unknown", "[condition]") {
  const json c = {{"known", "a"}};
  CHECK(eval2(c, T, U) == T);
  CHECK(eval2(c, F, U) == T);
  CHECK(eval2(c, U, U) == F);
  CHECK(eval_value({{"known", "n"}}, "n", 0) == T);
}

TEST_CASE("comparisons are exact at the boundary and unknown without a number", "[condition]") {
  const double nan = std::nan("");
  CHECK(eval_value({{"lt", {"n", 10}}}, "n", 9.99) == T);
  CHECK(eval_value({{"lt", {"n", 10}}}, "n", 10) == F);
  CHECK(eval_value({{"le", {"n", 10}}}, "n", 10) == T);
  CHECK(eval_value({{"gt", {"n", 10}}}, "n", 10) == F);
  CHECK(eval_value({{"gt", {"n", 10}}}, "n", 10.01) == T);
  CHECK(eval_value({{"ge", {"n", 10}}}, "n", 10) == T);
  CHECK(eval_value({{"ge", {"n", 10}}}, "n", nan) == U);
  // A threshold name stands for its value.
  CHECK(eval_value({{"lt", {"n", "t10"}}}, "n", 9) == T);
  CHECK(eval_value({{"lt", {"n", "t10"}}}, "n", 10) == F);
}

TEST_CASE("eq and in test membership of a choice", "[condition]") {
  const double nan = std::nan("");
  CHECK(eval_value({{"eq", {"c", "y"}}}, "c", 1) == T);
  CHECK(eval_value({{"eq", {"c", "y"}}}, "c", 0) == F);
  CHECK(eval_value({{"eq", {"c", "y"}}}, "c", nan) == U);
  CHECK(eval_value({{"in", {"c", {"x", "z"}}}}, "c", 2) == T);
  CHECK(eval_value({{"in", {"c", {"x", "z"}}}}, "c", 1) == F);
  CHECK(eval_value({{"in", {"c", {"x", "z"}}}}, "c", nan) == U);
}

TEST_CASE("ref evaluates the named condition and derived findings are usable", "[condition]") {
  CHECK(eval2({{"ref", "named"}}, U, T) == T);
  CHECK(eval2({{"ref", "named"}}, U, F) == F);
  CHECK(eval2({{"is", "d"}}, T, U) == T);  // d is derived from a
  CHECK(eval2({{"is", "d"}}, F, U) == U);  // no case matched: unknown
}
