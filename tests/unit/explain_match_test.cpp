// What `explain` takes: every kind of id, in any letter case and with dashes or spaces,
// names, HPO ids and ICD-10 codes; a typo gets a suggestion spelled as the KB spells it.
#include "explain_match.h"

#include <catch2/catch.hpp>

#include "test_kb.h"

using namespace spotcheck;
using namespace spotcheck::cli;

namespace {

ExplainKind only_kind(const KnowledgeBase& kb, std::string_view word) {
  const auto m = find_explained(kb, word);
  INFO(word);
  REQUIRE(m.size() == 1);
  return m[0].kind;
}

}  // namespace

TEST_CASE("every kind of id is found, in any case, with dashes or spaces", "[explain]") {
  const auto kb = KnowledgeBase::embedded();
  CHECK(only_kind(*kb, "ITP") == ExplainKind::kCause);
  CHECK(only_kind(*kb, "Stiff-Neck") == ExplainKind::kFinding);
  CHECK(only_kind(*kb, "stiff neck") == ExplainKind::kFinding);
  CHECK(only_kind(*kb, "PURPURA") == ExplainKind::kLesion);
  CHECK(only_kind(*kb, "Fever-NonBlanching") == ExplainKind::kRule);
  CHECK(only_kind(*kb, "NICE_NG143") == ExplainKind::kSource);
  CHECK(only_kind(*kb, "Low-Platelets") == ExplainKind::kCategory);
  CHECK(only_kind(*kb, "Self-Care") == ExplainKind::kLevel);
  CHECK(only_kind(*kb, "EMERGENCY") == ExplainKind::kLevel);
  // One id, two things: both, the cause first.
  const auto both = find_explained(*kb, "straining_petechiae");
  REQUIRE(both.size() == 2);
  CHECK(both[0].kind == ExplainKind::kCause);
  CHECK(both[1].kind == ExplainKind::kRule);
}

TEST_CASE("names, HPO ids and ICD-10 codes are found when no id matches", "[explain]") {
  const auto kb = KnowledgeBase::embedded();
  const auto itp = *kb->find_cause("itp");
  const auto by_name = find_explained(*kb, "immune thrombocytopenia (itp)");
  REQUIRE(by_name.size() == 1);
  CHECK(by_name[0].index == itp);
  const auto by_code = find_explained(*kb, "d69.3");
  REQUIRE_FALSE(by_code.empty());
  CHECK(by_code[0].kind == ExplainKind::kCause);
  CHECK(only_kind(*kb, "hp:0000967") == ExplainKind::kLesion);
  CHECK(only_kind(*kb, "Ecchymosis") == ExplainKind::kLesion);  // id and name: once
}

TEST_CASE("nothing matches typos, empty or hostile words, and a hint is offered", "[explain]") {
  const auto kb = KnowledgeBase::embedded();
  for (const std::string& word : {std::string("itpp"), std::string(""), std::string("\x1b[31m"),
                                  std::string(1 << 16, 'x'), std::string("stiff_neck\n")})
    CHECK(find_explained(*kb, word).empty());
  CHECK(explain_hint(*kb, "itpp") == "itp");
  CHECK(explain_hint(*kb, "Stif-Neck") == "stiff_neck");
  CHECK(explain_hint(*kb, "emergncy") == "emergency");
  CHECK(explain_hint(*kb, "purpra") == "purpura");
  CHECK_FALSE(explain_hint(*kb, std::string(1 << 16, 'x')).has_value());
  CHECK_FALSE(explain_hint(*kb, "zzzzzzzzzzzz").has_value());
}

TEST_CASE("a knowledge base loaded from text is searched the same way", "[explain]") {
  const auto kb = test::load(test::minimal_kb());
  CHECK(only_kind(*kb, "C1") == ExplainKind::kCause);
  CHECK(only_kind(*kb, "cause two") == ExplainKind::kCause);
  CHECK(only_kind(*kb, "S1") == ExplainKind::kSource);
  CHECK(find_explained(*kb, "a").size() == 1);
  CHECK(explain_hint(*kb, "cuase one") == "Cause one");
}
