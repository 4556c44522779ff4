// The logic checks of kb validate (kb_lint.h): each warning on a minimal knowledge base
// broken in one way, with its place, pointer and message; warnings leave the knowledge
// base usable; conditions too big to try are given the benefit of the doubt.
#include <catch2/catch.hpp>

#include <spotcheck/kb_diagnostics.h>

#include "broken_kb.h"

using namespace spotcheck;
using namespace spotcheck::test;
using namespace spotcheck::test::broken_kb;

namespace {
constexpr auto kWarning = KbSeverity::kWarning;
constexpr auto kLogic = KbCheckKind::kLogic;
constexpr const char* kRaisedRash = R"({"eq": ["rash", "raised"]})";
}  // namespace

TEST_CASE("a rule that can never fire", "[kb_lint]") {
  SECTION("all of x and not x") {
    expect_only(
        minimal_with(kRaisedRash, R"({"all": [{"is": "fever"}, {"not": {"is": "fever"}}]})"),
        {"/triage_rules/1/when", kWarning, kLogic,
         "rule 'raised_rash' can never fire: no answers make its condition true (fever & "
         "!fever)",
         R"({"all": [{"is": "fever"}, {"not")"});
  }
  SECTION("an empty number range") {
    expect_only(minimal_with(kRaisedRash, R"({"all": [{"gt": ["age", 50]}, {"lt": ["age", 10]}]})"),
                {"/triage_rules/1/when", kWarning, kLogic,
                 "rule 'raised_rash' can never fire: no answers make its condition true (age>50 & "
                 "age<10)",
                 R"({"all": [{"gt")"});
  }
  SECTION("a number beyond the finding's range") {
    expect_only(minimal_with(kRaisedRash, R"({"gt": ["age", 200]})"),
                {"/triage_rules/1/when", kWarning, kLogic,
                 "rule 'raised_rash' can never fire: no answers make its condition true "
                 "(age>200)",
                 R"({"gt": ["age", 200]})"});
  }
  SECTION("a rule that can fire only when an answer is unknown is not reported") {
    const KbValidation v = validate_knowledge_base(
        minimal_with(kRaisedRash, R"({"not": {"known": "rash"}})"), "kb.json");
    CHECK(v.diagnostics.empty());
  }
}

TEST_CASE("a rule shadowed by another", "[kb_lint]") {
  const std::string extra =
      R"({"id": "feverish_raised", "level": "LEVEL", "when": {"all": [{"is": "fever"}, {"lt": ["age", "adult_age"]}, {"eq": ["rash", "raised"]}]},
     "text": "Fever and raised spots.", "sources": ["guide"]},
    {"id": "no_rule_matched")";
  SECTION("at a more urgent level: it never decides the level") {
    std::string rule = extra;
    rule.replace(rule.find("LEVEL"), 5, "routine");
    expect_only(minimal_with(R"({"id": "no_rule_matched")", rule),
                {"/triage_rules/2/when", kWarning, kLogic,
                 "rule 'feverish_raised' never decides the level: whenever it fires, rule "
                 "'child_fever' fires too, at the more urgent level 'urgent'",
                 R"({"all": [{"is": "fever"}, {"lt": ["age", "adult_age"]}, {"eq")"});
  }
  SECTION("at the same level, pointing to no other cause: it adds nothing") {
    std::string rule = extra;
    rule.replace(rule.find("LEVEL"), 5, "urgent");
    expect_only(minimal_with(R"({"id": "no_rule_matched")", rule),
                {"/triage_rules/2/when", kWarning, kLogic,
                 "rule 'feverish_raised' adds nothing: whenever it fires, rule 'child_fever' "
                 "fires too, at the same level 'urgent', and it points to no other cause and has "
                 "no advice of its own",
                 R"({"all": [{"is": "fever"}, {"lt": ["age", "adult_age"]}, {"eq")"});
  }
  SECTION("at the same level but pinning a cause of its own: it counts") {
    std::string rule = extra;
    rule.replace(rule.find("LEVEL"), 5, "urgent");
    rule = patched(rule, R"("sources": ["guide"]},)",
                   R"("sources": ["guide"], "points_to": ["viral_rash"]},)");
    const KbValidation v =
        validate_knowledge_base(minimal_with(R"({"id": "no_rule_matched")", rule), "kb.json");
    CHECK(v.diagnostics.empty());
  }
  SECTION("at a more urgent level than the other: not shadowed") {
    std::string rule = extra;
    rule.replace(rule.find("LEVEL"), 5, "emergency");
    const KbValidation v =
        validate_knowledge_base(minimal_with(R"({"id": "no_rule_matched")", rule), "kb.json");
    CHECK(v.diagnostics.empty());
  }
}

TEST_CASE("a cause no evidence can raise", "[kb_lint]") {
  SECTION("only negative weights") {
    expect_only(minimal_with(R"("weight": 1,)", R"("weight": -1,)"),
                {"/causes/1/evidence", kWarning, kLogic,
                 "no evidence can raise cause 'viral_rash' (no positive weight on an outcome its "
                 "condition can have): it ranks only by its prior",
                 R"([{"when": {"eq": ["rash", "flat"]})"});
  }
  SECTION("a positive weight on a condition that can never be true") {
    expect_only(
        minimal_with(
            R"({"eq": ["rash", "flat"]}, "weight": 1)",
            R"({"all": [{"eq": ["rash", "flat"]}, {"eq": ["rash", "raised"]}]}, "weight": 1)"),
        {"/causes/1/evidence", kWarning, kLogic,
         "no evidence can raise cause 'viral_rash' (no positive weight on an outcome its "
         "condition can have): it ranks only by its prior",
         R"([{"when": {"all")"});
  }
  SECTION("a positive weight when the condition is false counts") {
    const KbValidation v = validate_knowledge_base(
        minimal_with(R"("weight": 1,)", R"("weight": -1, "weight_if_false": 0.5,)"), "kb.json");
    CHECK(v.diagnostics.empty());
  }
}

TEST_CASE("must-not-miss causes", "[kb_lint]") {
  SECTION("one no rule points to") {
    expect_only(minimal_with(R"("must_not_miss": ["meningitis"])",
                             R"("must_not_miss": ["meningitis", "viral_rash"])"),
                {"/must_not_miss/1", kWarning, kLogic,
                 "must-not-miss cause 'viral_rash' is pointed to by no triage rule (points_to), "
                 "so no result can pin it among the first causes",
                 R"("viral_rash"])"});
  }
  SECTION("no list at all") {
    expect_only(minimal_with(R"(  "must_not_miss": ["meningitis"],
)",
                             ""),
                {"", kWarning, kLogic,
                 "no must_not_miss list: nothing says which causes must never be missed, so "
                 "nothing checks that a rule points to each",
                 "{"});
  }
}

TEST_CASE("dead parts: unused conditions, findings nothing reads, levels no rule gives",
          "[kb_lint]") {
  SECTION("a named condition nothing uses") {
    expect_only(minimal_with(R"("conditions": {)", R"("conditions": {
    "unused": {"is": "fever"},)"),
                {"/conditions/unused", kWarning, kLogic,
                 "named condition 'unused' is used by nothing (and so not checked)",
                 R"({"is": "fever"},)"});
  }
  SECTION("a finding nothing reads") {
    expect_only(minimal_with(R"({"id": "fever", "type": "bool", "question": "Is there a fever?"},)",
                             R"({"id": "fever", "type": "bool", "question": "Is there a fever?"},
    {"id": "headache", "type": "bool", "question": "Is there a headache?"},)"),
                {"/findings/2", kWarning, kLogic,
                 "finding 'headache' is read by no rule, evidence, derived finding, "
                 "contradiction or ask_when: its answer changes nothing",
                 R"({"id": "headache")"});
  }
  SECTION("a triage level no rule gives") {
    expect_only(minimal_with(R"("advice": "See a doctor in the coming days."})",
                             R"("advice": "See a doctor in the coming days."},
    {"id": "self_care", "label": "Self-care", "advice": "Look after it at home."})"),
                {"/triage_levels/3", kWarning, kLogic,
                 "triage level 'self_care' is given by no rule", R"({"id": "self_care")"});
  }
}
