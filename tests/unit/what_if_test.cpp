// What-if (what_if.h): FINDING=VALUE read with the answer grammar, and the comparison of
// the two results checked against evaluations made here independently, on chosen and on
// random cases.
#include <cmath>
#include <random>
#include <set>

#include <catch2/catch.hpp>

#include <spotcheck/answer.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/what_if.h>

using namespace spotcheck;
using Catch::Contains;

namespace {

const KnowledgeBase& kb() {
  return *KnowledgeBase::embedded();
}
std::size_t finding(const char* id) {
  return *kb().find_finding(id);
}

AnswerChange change(const char* text) {
  AnswerChange c;
  const auto problem = parse_answer_change(kb(), text, c);
  INFO(text << ": " << problem.value_or(""));
  REQUIRE_FALSE(problem);
  return c;
}

std::string problem(const char* text) {
  AnswerChange c;
  const auto p = parse_answer_change(kb(), text, c);
  REQUIRE(p);
  return *p;
}

Case bruise_after_knock() {
  Case c(kb());
  c.set(finding("age"), 30);
  c.set(finding("lesion"), static_cast<double>(*kb().find_choice(finding("lesion"), "ecchymosis")));
  c.set_bool(finding("recent_injury"), true);
  c.set_bool(finding("fever"), false);
  return c;
}

std::vector<std::size_t> top5(const Result& r) {
  std::vector<std::size_t> top;
  for (std::size_t k = 0; k < 5 && k < r.causes.size(); ++k) top.push_back(r.causes[k].cause);
  return top;
}

// The what-if against two evaluations made here.
void check_against_evaluations(const Case& c, const std::vector<AnswerChange>& changes) {
  const WhatIf w = what_if(kb(), c, changes);
  Case changed = c;
  for (const AnswerChange& a : changes) changed.set(a.finding, a.value);
  Evaluator ev(kb());
  const Result before = ev.evaluate(c);
  const Result after = ev.evaluate(changed);
  CHECK(w.level_before == before.triage_level);
  CHECK(w.level_after == after.triage_level);
  CHECK(w.possible_before == before.possible_level);
  CHECK(w.possible_after == after.possible_level);
  CHECK(w.lesion_before == before.lesion);
  CHECK(w.lesion_after == after.lesion);
  // Rules: exactly the symmetric difference of the fired sets, each the right way round.
  const std::set<std::size_t> fired_before(before.fired.begin(), before.fired.end()),
      fired_after(after.fired.begin(), after.fired.end());
  std::size_t flips = 0;
  for (std::size_t rule = 0; rule < kb().triage_rules().size(); ++rule)
    flips += fired_before.count(rule) != fired_after.count(rule);
  CHECK(w.rules.size() == flips);
  for (const RuleFlip& f : w.rules) {
    CHECK(fired_after.count(f.rule) == (f.fires_after ? 1u : 0u));
    CHECK(fired_before.count(f.rule) == (f.fires_after ? 0u : 1u));
  }
  // Causes: every cause whose place in the top 5 differs, and only those.
  const auto tb = top5(before), ta = top5(after);
  const auto rank = [](const std::vector<std::size_t>& top, std::size_t cause) {
    const auto at = std::find(top.begin(), top.end(), cause);
    return at == top.end() ? std::size_t{0} : static_cast<std::size_t>(at - top.begin()) + 1;
  };
  std::size_t moved = 0;
  for (std::size_t cause = 0; cause < kb().causes().size(); ++cause)
    moved += rank(tb, cause) != rank(ta, cause);
  CHECK(w.causes.size() == moved);
  for (const CauseMove& m : w.causes) {
    CHECK(m.rank_before == rank(tb, m.cause));
    CHECK(m.rank_after == rank(ta, m.cause));
    switch (m.kind) {
      case CauseMove::Kind::kEntered:
        CHECK((m.rank_before == 0 && m.rank_after != 0));
        break;
      case CauseMove::Kind::kLeft:
        CHECK((m.rank_before != 0 && m.rank_after == 0));
        break;
      case CauseMove::Kind::kRose:
        CHECK((m.rank_before != 0 && m.rank_after != 0 && m.rank_after < m.rank_before));
        break;
      case CauseMove::Kind::kFell:
        CHECK((m.rank_before != 0 && m.rank_after > m.rank_before));
        break;
    }
  }
  CHECK(w.changed() == (before.triage_level != after.triage_level ||
                        before.possible_level != after.possible_level ||
                        before.lesion != after.lesion || flips > 0 || moved > 0));
}

}  // namespace

TEST_CASE("FINDING=VALUE takes the answer grammar", "[what_if]") {
  const AnswerChange fever = change("fever=yes");
  CHECK(fever.finding == finding("fever"));
  CHECK(fever.value == 1);
  CHECK(change("Stiff-Neck=N").value == 0);
  CHECK(change(" fever = yes ").finding == finding("fever"));
  CHECK(std::isnan(change("fever=unknown").value));
  CHECK(std::isnan(change("fever=").value));
  CHECK(change("lesion=purpura").value ==
        static_cast<double>(*kb().find_choice(finding("lesion"), "purpura")));
  // Units: 2 weeks, in years, as the grammar converts it anywhere else.
  double two_weeks = 0;
  REQUIRE_FALSE(parse_answer(kb(), finding("age"), "2 weeks", "age", two_weeks));
  const AnswerChange age = change("age=2w");
  CHECK(age.finding == finding("age"));
  CHECK(age.value == two_weeks);
  CHECK(age.value < 0.05);
}

TEST_CASE("a bad what-if says what was wrong", "[what_if]") {
  CHECK_THAT(problem("fever"), Contains("expected FINDING=VALUE") && Contains("'fever=yes'"));
  CHECK_THAT(problem("=yes"), Contains("no finding before '='"));
  CHECK_THAT(problem("  =yes"), Contains("no finding before '='"));
  CHECK_THAT(problem("Fever=Maybe"), Contains("yes or no") && Contains("Maybe"));
  CHECK_THAT(problem("fevr=yes"), Contains("unknown finding 'fevr'") && Contains("'fever'"));
  CHECK_THAT(problem("lesion_type=petechiae"), Contains("computed from other answers"));
  CHECK_THAT(problem("age=200"), Contains("age"));
  CHECK_THAT(problem("lesion=bruise"), Contains("not a choice"));
  CHECK_THAT(problem("age"), Contains("'age=NUMBER'"));
  // Hostile bytes: a message, never a crash; the input is quoted back shortened.
  const std::string hostile(std::string("\x1b[31m\xff\x00=yes", 11) + std::string(5000, 'x'));
  AnswerChange c;
  const auto p = parse_answer_change(kb(), hostile, c);
  REQUIRE(p);
  CHECK(p->size() < 400);
}

TEST_CASE("what if there were a fever, for a bruise after a knock", "[what_if]") {
  const Case c = bruise_after_knock();
  const std::vector<AnswerChange> changes{change("fever=yes")};
  const WhatIf w = what_if(kb(), c, changes);
  // A red flag present can only make it more urgent, and its floor fires.
  CHECK(w.level_after < w.level_before);
  const std::size_t floor = static_cast<std::size_t>(
      std::find_if(kb().triage_rules().begin(), kb().triage_rules().end(),
                   [](const TriageRule& r) { return r.id == "red_flag_fever"; }) -
      kb().triage_rules().begin());
  CHECK(std::any_of(w.rules.begin(), w.rules.end(),
                    [&](const RuleFlip& f) { return f.rule == floor && f.fires_after; }));
  CHECK(w.changed());
  CHECK_FALSE(w.same_answers);
  CHECK(c.value(finding("fever")) == 0);  // the case itself is untouched
  check_against_evaluations(c, changes);
}

TEST_CASE("a what-if equal to the answer given changes nothing", "[what_if]") {
  const Case c = bruise_after_knock();
  const WhatIf w =
      what_if(kb(), c, std::vector<AnswerChange>{change("fever=no"), change("age=30")});
  CHECK(w.same_answers);
  CHECK_FALSE(w.changed());
  CHECK(w.causes.empty());
  CHECK(w.rules.empty());
  CHECK(w.level_before == w.level_after);
}

TEST_CASE("several what-ifs make one alternative case, the last one for a finding counts",
          "[what_if]") {
  const Case c = bruise_after_knock();
  const std::vector<AnswerChange> changes{change("fever=no"), change("stiff_neck=yes"),
                                          change("fever=yes")};
  const WhatIf w = what_if(kb(), c, changes);
  REQUIRE(w.changes.size() == 2);
  CHECK(w.changes[0].finding == finding("fever"));
  CHECK(w.changes[0].value == 1);
  check_against_evaluations(c, changes);
}

TEST_CASE("taking an answer back can raise how urgent it could become", "[what_if]") {
  const Case c = bruise_after_knock();
  const WhatIf w = what_if(kb(), c, std::vector<AnswerChange>{change("fever=unknown")});
  CHECK(w.possible_after <= w.possible_before);  // never less urgent: unknown is not a no
  check_against_evaluations(c, {change("fever=unknown")});
}

TEST_CASE("what-if agrees with two evaluations on random cases", "[what_if]") {
  std::mt19937 rng(12);
  for (int round = 0; round < 300; ++round) {
    Case c(kb());
    std::vector<AnswerChange> changes;
    for (std::size_t f = 0; f < kb().input_finding_count(); ++f) {
      const Finding& finding = kb().findings()[f];
      const auto value = [&]() -> double {
        if (rng() % 2) return std::nan("");
        switch (finding.type) {
          case FindingType::kBool:
            return static_cast<double>(rng() % 2);
          case FindingType::kNumber:
            return finding.min + (finding.min_exclusive ? 0.5 : 0) +
                   static_cast<double>(rng() % 1000) / 1000.0 *
                       std::min(finding.max - finding.min, 90.0);
          case FindingType::kChoice:
            return static_cast<double>(rng() % finding.choices.size());
        }
        return std::nan("");
      };
      c.set(f, value());
      if (rng() % 12 == 0) changes.push_back({f, value()});
    }
    INFO("round " << round);
    check_against_evaluations(c, changes);
  }
}
