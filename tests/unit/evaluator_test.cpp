// Evaluation: derived lesion types at the thresholds, how triage is decided, the
// ranking's determinism and tie order, and the next questions.
#include <random>
#include <set>

#include <catch2/catch.hpp>

#include <spotcheck/embedded_kb.h>
#include <spotcheck/evaluator.h>

#include "program.h"
#include "test_kb.h"

using namespace spotcheck;
using spotcheck::test::json;

namespace {

std::string lesion_for(const KnowledgeBase& kb,
                       const std::vector<std::pair<const char*, double>>& answers) {
  Case c(kb);
  for (const auto& [id, value] : answers) c.set(*kb.find_finding(id), value);
  Evaluator ev(kb);
  const Result& r = ev.evaluate(c);
  return r.lesion < 0
             ? "unknown"
             : kb.findings()[*kb.lesion_type_finding()].choices[static_cast<std::size_t>(r.lesion)];
}

// A case with about a third of the answers given, of each type's values; numbers half
// the time at or either side of a threshold the knowledge base compares them with.
Case random_case(const KnowledgeBase& kb, std::mt19937& rng) {
  Case c(kb);
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f) {
    if (rng() % 3 != 0) continue;  // most answers unknown, as in real cases
    const Finding& finding = kb.findings()[f];
    const auto& near_thresholds = kb.program().trial_values[f];
    if (finding.type == FindingType::kChoice)
      c.set(f, static_cast<double>(rng() % finding.choices.size()));
    else if (finding.type == FindingType::kNumber && !near_thresholds.empty() && rng() % 2)
      c.set(f, near_thresholds[rng() % near_thresholds.size()]);
    else if (finding.type == FindingType::kNumber)
      c.set(f, std::min(finding.max, finding.min + 0.5 + static_cast<double>(rng() % 40)));
    else
      c.set_bool(f, rng() % 2 == 0);
  }
  return c;
}

}  // namespace

TEST_CASE("the kept causes are the first of the full ranking", "[evaluator]") {
  // Only the kept causes are ordered (a partial insertion sort): they must be exactly
  // the head of the whole ranking, in which the causes no rule pins never rise in score
  // and the pinned ones are all within the first five (or lead, at the most urgent level).
  const auto kb = KnowledgeBase::embedded();
  Evaluator all(*kb, {0, 0}), top(*kb, {5, 0});
  std::mt19937 rng(11);
  for (int k = 0; k < 500; ++k) {
    const Case c = random_case(*kb, rng);
    const Result& whole = all.evaluate(c);
    const Result& head = top.evaluate(c);
    INFO("case " << k);
    REQUIRE(whole.causes.size() == kb->causes().size());
    REQUIRE(head.causes.size() == 5);
    for (std::size_t i = 0; i < head.causes.size(); ++i) {
      CHECK(head.causes[i].cause == whole.causes[i].cause);
      CHECK(head.causes[i].score == whole.causes[i].score);
    }
    double last_unpinned = 2;
    std::size_t pinned = 0;
    for (const RankedCause& rc : whole.causes) {
      pinned += rc.pinned;
      if (rc.pinned) continue;
      CHECK(rc.score <= last_unpinned);
      last_unpinned = rc.score;
    }
    for (std::size_t i = std::max<std::size_t>(5, pinned); i < whole.causes.size(); ++i)
      CHECK_FALSE(whole.causes[i].pinned);
    // At the most urgent level, a cause that a rule of that level points to comes first.
    std::set<std::size_t> urgent_targets;
    for (const std::size_t rule : whole.fired)
      if (kb->triage_rules()[rule].level == 0)
        urgent_targets.insert(kb->triage_rules()[rule].points_to.begin(),
                              kb->triage_rules()[rule].points_to.end());
    if (whole.triage_level == 0 && !urgent_targets.empty())
      CHECK(urgent_targets.count(whole.causes[0].cause) == 1);
  }
}

TEST_CASE("an evaluator's result does not depend on the cases it evaluated before", "[evaluator]") {
  // The scratch space is reused and only partly reset between cases (evaluator_scratch.h):
  // a stale entry would show as a difference from a fresh evaluator's answer.
  const auto kb = KnowledgeBase::embedded();
  Evaluator reused(*kb);
  std::mt19937 rng(5);
  for (int k = 0; k < 1000; ++k) {
    const Case c = random_case(*kb, rng);
    const Result& x = reused.evaluate(c);
    Evaluator fresh(*kb);
    const Result& y = fresh.evaluate(c);
    INFO("case " << k);
    REQUIRE(x.triage_level == y.triage_level);
    REQUIRE(x.causes.size() == y.causes.size());
    for (std::size_t i = 0; i < x.causes.size(); ++i)
      REQUIRE(x.causes[i].cause == y.causes[i].cause);
    REQUIRE(x.next_questions.size() == y.next_questions.size());
    for (std::size_t i = 0; i < x.next_questions.size(); ++i) {
      REQUIRE(x.next_questions[i].finding == y.next_questions[i].finding);
      REQUIRE(x.next_questions[i].why == y.next_questions[i].why);
      REQUIRE(x.next_questions[i].rule == y.next_questions[i].rule);
      REQUIRE(x.next_questions[i].cause == y.next_questions[i].cause);
    }
  }
}

TEST_CASE("the lesion type is derived from size at the HPO thresholds", "[evaluator][lesion]") {
  const auto kb = KnowledgeBase::embedded();
  CHECK(lesion_for(*kb, {{"size_mm", 0.5}}) == "petechiae");
  CHECK(lesion_for(*kb, {{"size_mm", 1.9}}) == "petechiae");
  CHECK(lesion_for(*kb, {{"size_mm", 2}}) == "purpura");
  CHECK(lesion_for(*kb, {{"size_mm", 2.1}}) == "purpura");
  CHECK(lesion_for(*kb, {{"size_mm", 9.9}}) == "purpura");
  CHECK(lesion_for(*kb, {{"size_mm", 10}}) == "purpura");
  CHECK(lesion_for(*kb, {{"size_mm", 10.1}}) == "ecchymosis");
  CHECK(lesion_for(*kb, {}) == "unknown");
}

TEST_CASE("a given lesion wins over size and glass test, blanching alone is not a bleed",
          "[evaluator][lesion]") {
  const auto kb = KnowledgeBase::embedded();
  const double ecchymosis = 2, petechiae = 0;
  CHECK(lesion_for(*kb, {{"lesion", ecchymosis}, {"size_mm", 1}}) == "ecchymosis");
  CHECK(lesion_for(*kb, {{"size_mm", 2}, {"blanching", 1}}) == "not_a_bleed");
  // Petechiae the person named that fade under a glass contradict each other: the result
  // reports the contradiction (petechiae_that_fade) and keeps the safer reading, a bleed.
  CHECK(lesion_for(*kb, {{"lesion", petechiae}, {"blanching", 1}}) == "petechiae");
  CHECK(lesion_for(*kb, {{"size_mm", 4}, {"blanching", 1}, {"palpable", 1}}) == "purpura");
  CHECK(lesion_for(*kb, {{"size_mm", 4}, {"blanching", 0}}) == "purpura");
}

TEST_CASE("triage is the most urgent rule that fires, the fallback only when none does",
          "[evaluator][triage]") {
  const auto kb = test::load(test::minimal_kb());
  const std::size_t a = *kb->find_finding("a"), b = *kb->find_finding("b");
  Evaluator ev(*kb);
  Case c(*kb);

  // Nothing known: no rule fires, the fallback (routine) gives the reason.
  const Result& none = ev.evaluate(c);
  CHECK(kb->triage_levels()[none.triage_level].id == "routine");
  REQUIRE(none.reasons.size() == 1);
  CHECK(kb->triage_rules()[none.reasons[0]].id == "fallback");

  // a absent: only the self-care rule fires, and it decides.
  c.set_bool(a, false);
  CHECK(kb->triage_levels()[ev.evaluate(c).triage_level].id == "self_care");

  // a present: urgent; a and b: emergency, with only the emergency rule as the reason
  // while the urgent one still counts as fired.
  c.set_bool(a, true);
  CHECK(kb->triage_levels()[ev.evaluate(c).triage_level].id == "urgent");
  c.set_bool(b, true);
  const Result& both = ev.evaluate(c);
  CHECK(kb->triage_levels()[both.triage_level].id == "emergency");
  REQUIRE(both.reasons.size() == 1);
  CHECK(kb->triage_rules()[both.reasons[0]].id == "both");
  // Fired: both, only_a, and b's red-flag floor (red_flag_b, urgent), a rule of its own
  // since red flags raise to their floor.
  REQUIRE(both.fired.size() == 3);
  CHECK(kb->triage_rules()[both.fired[0]].id == "both");
  CHECK(kb->triage_rules()[both.fired[1]].id == "only_a");
  CHECK(kb->triage_rules()[both.fired[2]].id == "red_flag_b");
}

TEST_CASE("scores are logistic of prior plus weights, in [0, 1]", "[evaluator][ranking]") {
  const auto kb = test::load(test::minimal_kb());
  Evaluator ev(*kb);
  Case c(*kb);
  c.set_bool(*kb->find_finding("a"), true);
  const Result& r = ev.evaluate(c);
  REQUIRE(r.causes.size() == 2);
  CHECK(kb->causes()[r.causes[0].cause].id == "c1");
  CHECK(r.causes[0].score == Approx(1 / (1 + std::exp(-(-2.0 + 2.0)))));
  CHECK(r.causes[1].score == Approx(1 / (1 + std::exp(2.0))));
  REQUIRE(r.causes[0].evidence_for.size() == 1);
  CHECK(r.causes[0].evidence_for[0].contribution == 2.0);

  // Absent evidence counts against through weight_if_false.
  c.set_bool(*kb->find_finding("a"), false);
  const Result& against = ev.evaluate(c);
  const RankedCause& c1 = against.causes[0].cause == 0 ? against.causes[0] : against.causes[1];
  CHECK(c1.score == Approx(1 / (1 + std::exp(3.0))));
  REQUIRE(c1.evidence_against.size() == 1);
  CHECK_FALSE(c1.evidence_against[0].condition_true);
}

TEST_CASE("ranking is deterministic and ties keep knowledge-base order", "[evaluator][ranking]") {
  const auto kb = test::load(test::minimal_kb());
  Case c(*kb);  // nothing known: both causes have the same prior and score
  Evaluator first(*kb), second(*kb);
  const Result r1 = first.evaluate(c);
  const Result r2 = second.evaluate(c);
  REQUIRE(r1.causes.size() == 2);
  CHECK(r1.causes[0].score == r1.causes[1].score);
  CHECK(r1.causes[0].cause == 0);
  CHECK(r1.causes[1].cause == 1);
  CHECK(r2.causes[0].cause == r1.causes[0].cause);

  // The real knowledge base: the same case gives the same result however often.
  const auto real = KnowledgeBase::embedded();
  Case big(*real);
  big.set(*real->find_finding("age"), 40);
  big.set(*real->find_finding("lesion"), 2);
  Evaluator ev(*real, {0, 3});
  const Result a = ev.evaluate(big);
  for (int i = 0; i < 5; ++i) {
    const Result& b = ev.evaluate(big);
    REQUIRE(b.causes.size() == a.causes.size());
    for (std::size_t k = 0; k < a.causes.size(); ++k) {
      CHECK(b.causes[k].cause == a.causes[k].cause);
      CHECK(b.causes[k].score == a.causes[k].score);
    }
  }
  CHECK(a.causes.size() == real->causes().size());  // max_causes 0 keeps all
  for (std::size_t k = 1; k < a.causes.size(); ++k)
    CHECK(a.causes[k - 1].score >= a.causes[k].score);
}

TEST_CASE("next questions ask first what could raise the triage", "[evaluator][questions]") {
  const auto kb = test::load(test::minimal_kb());
  Evaluator ev(*kb);
  Case c(*kb);
  c.set_bool(*kb->find_finding("a"), true);  // urgent; b could make it an emergency
  const Result& r = ev.evaluate(c);
  REQUIRE_FALSE(r.next_questions.empty());
  CHECK(kb->findings()[r.next_questions[0].finding].id == "b");
  CHECK(r.next_questions[0].why == NextQuestion::Why::kCouldRaiseTriage);
  CHECK(r.next_questions[0].alone);  // b alone makes "both" fire
  CHECK(kb->triage_rules()[r.next_questions[0].rule].id == "both");
  for (const NextQuestion& q : r.next_questions) CHECK_FALSE(c.known(q.finding));

  // With the real knowledge base, petechiae in a child with fever unknown: fever first.
  const auto real = KnowledgeBase::embedded();
  Case child(*real);
  child.set(*real->find_finding("age"), 4);
  child.set(*real->find_finding("lesion"), 0);
  Evaluator rev(*real);
  const Result& q = rev.evaluate(child);
  REQUIRE_FALSE(q.next_questions.empty());
  CHECK(real->triage_levels()[q.next_questions[0].level].id == "emergency");
  CHECK(real->findings()[q.next_questions[0].finding].id == "fever");  // fever & petechiae
  CHECK(q.next_questions[0].alone);

  // An answer that can raise the level only together with another is not "alone": with a
  // head injury known, a blood thinner alone makes it an emergency; without it, not.
  Case knock(*real);
  knock.set(*real->find_finding("age"), 70);
  knock.set(*real->find_finding("lesion"), 2);
  knock.set_bool(*real->find_finding("head_injury"), true);
  Evaluator kev(*real, {5, 10});
  bool found = false;
  for (const NextQuestion& n : kev.evaluate(knock).next_questions) {
    if (real->findings()[n.finding].id != "anticoagulant") continue;
    found = true;
    CHECK(n.alone);
    CHECK(real->triage_levels()[n.level].id == "emergency");
  }
  CHECK(found);

  Evaluator quiet(*kb, {5, 0});
  CHECK(quiet.evaluate(c).next_questions.empty());
}

TEST_CASE("native and interpreted evaluation give the same results", "[evaluator]") {
  // The built-in knowledge base runs as native code (native_codegen.h); the same image
  // loaded with from_image() is interpreted. Whole results must be identical.
  const auto native = KnowledgeBase::embedded();
  const auto interpreted = KnowledgeBase::from_image(embedded_kb_image());
  Evaluator a(*native, {0, 5}), b(*interpreted, {0, 5});
  std::mt19937 rng(3);
  for (int k = 0; k < 500; ++k) {
    const Case c = random_case(*native, rng);
    const Result& x = a.evaluate(c);
    const Result& y = b.evaluate(c);
    INFO("case " << k);
    REQUIRE(x.triage_level == y.triage_level);
    REQUIRE(x.fired == y.fired);
    REQUIRE(x.lesion == y.lesion);
    REQUIRE(x.lesion_case == y.lesion_case);  // the derivation case that decided it
    REQUIRE(x.causes.size() == y.causes.size());
    for (std::size_t i = 0; i < x.causes.size(); ++i) {
      REQUIRE(x.causes[i].cause == y.causes[i].cause);
      REQUIRE(x.causes[i].score == y.causes[i].score);
      REQUIRE(x.causes[i].evidence_for.size() == y.causes[i].evidence_for.size());
      REQUIRE(x.causes[i].evidence_against.size() == y.causes[i].evidence_against.size());
    }
    REQUIRE(x.next_questions.size() == y.next_questions.size());
    for (std::size_t i = 0; i < x.next_questions.size(); ++i)
      REQUIRE(x.next_questions[i].finding == y.next_questions[i].finding);
  }
}
