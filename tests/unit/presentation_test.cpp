// The presentation module: what every front end shows, worked out once. Messy cases:
// nothing answered, contradictions, the glass test left unknown, an emergency with a cause
// pinned, a knowledge base loaded from text, and placeholders that name nothing.
#include <algorithm>

#include <catch2/catch.hpp>

#include <spotcheck/evaluator.h>
#include <spotcheck/presentation.h>
#include <spotcheck/result_json.h>

#include "test_kb.h"

using namespace spotcheck;
using Catch::Contains;

namespace {

struct Presented {
  std::shared_ptr<const KnowledgeBase> kb;
  Presentation p;
  Case c;
  Result r;
  ResultView v;
  explicit Presented(std::string_view case_json,
                     std::shared_ptr<const KnowledgeBase> base = KnowledgeBase::embedded())
      : kb(std::move(base)), p(*kb), c(*kb) {
    REQUIRE_FALSE(read_case(*kb, case_json, c));
    Evaluator ev(*kb);
    r = ev.evaluate(c);
    v = present(p, c, r);
  }
};

bool has(const std::vector<std::string_view>& items, std::string_view needle) {
  return std::any_of(items.begin(), items.end(),
                     [&](std::string_view s) { return s.find(needle) != std::string_view::npos; });
}

}  // namespace

TEST_CASE("nothing answered: no answers, no lesion type, no evidence", "[presentation]") {
  const Presented x("{}");
  CHECK_FALSE(x.v.answered_anything);
  CHECK(x.v.answers.empty());
  CHECK(x.v.lesion.described);
  CHECK(x.v.lesion.type == nullptr);
  CHECK(x.v.lesion.type_id == "unknown");
  for (const CauseView& c : x.v.causes) CHECK(c.evidence.empty());
  // What could be: unknown answers are never reassuring.
  CHECK(x.v.possible_label == "EMERGENCY");
  CHECK_FALSE(x.v.questions.empty());
  CHECK(x.v.disclaimer == x.kb->disclaimer());
}

TEST_CASE("answers are listed in words, in the knowledge base's order", "[presentation]") {
  const Presented x(R"({"size_mm": 2.5, "age": 0.5, "lesion": "purpura", "fever": false})");
  REQUIRE(x.v.answers.size() == 4);
  CHECK(x.v.answers[0].words == "0.5 years");
  CHECK(x.v.answers[0].question == "How old is the person?");
  const auto words = [&](std::string_view id) {
    for (const AnswerView& a : x.v.answers)
      if (x.kb->findings()[a.finding].id == id) return a.words;
    return std::string("(missing)");
  };
  CHECK(words("fever") == "no");
  CHECK(words("size_mm") == "2.5 mm");
  CHECK_THAT(words("lesion"), Contains("purpura: "));
}

TEST_CASE("contradictions are listed, and the level is read the safer way", "[presentation]") {
  const Presented x(R"({"age": 30, "lesion": "ecchymosis", "blanching": true})");
  REQUIRE(x.v.contradictions.size() == 1);
  CHECK_THAT(std::string(x.v.contradictions[0]), Contains("a bruise does not fade"));
  // The same contradiction in JSON, from the same knowledge base text.
  std::string json;
  ResultWriter(*x.kb).append(x.c, x.r, kFieldContradictions, json);
  CHECK_THAT(json, Contains(std::string(x.v.contradictions[0])));
}

TEST_CASE("the glass test left unknown is never read as a fading rash", "[presentation]") {
  const Presented x(R"({"age": 30, "size_mm": 1})");
  CHECK(x.v.lesion.type_id != "not_a_bleed");
  // What it could still be is more urgent than what it is, and the view says which
  // unanswered questions decide it.
  CHECK(x.v.possible_level < x.v.level);
  CHECK(x.v.possible_label == "EMERGENCY");
  CHECK_FALSE(x.v.deciding_questions.empty());
  CHECK(has(x.v.deciding_questions, "fever"));
  // Evidence is only about what was answered: nothing mentions the fever, left unknown.
  for (const CauseView& c : x.v.causes)
    for (const EvidenceView& e : c.evidence) CHECK(e.label.find("fever") == std::string_view::npos);
  // With a fever, spots not yet glass-tested count as not fading: an emergency.
  const Presented fever(R"({"age": 30, "size_mm": 1, "fever": true})");
  CHECK(fever.v.label == "EMERGENCY");
  CHECK(fever.v.lesion.type_id != "not_a_bleed");
}

TEST_CASE("an emergency names the pinned cause, its rules, and lists only what matters",
          "[presentation]") {
  const Presented x(
      R"({"age": 3, "fever": true, "lesion": "petechiae", "location": "face_neck",
          "straining": true})");
  CHECK(x.v.level == 0);
  CHECK(x.v.label == "EMERGENCY");
  CHECK_FALSE(x.v.note.empty());
  REQUIRE_FALSE(x.v.causes.empty());
  const CauseView& first = x.v.causes.front();
  CHECK(first.pinned);
  CHECK(first.listed);
  REQUIRE_FALSE(first.pinned_by.empty());
  // Each rule named fired and points to the cause.
  for (const std::string_view id : first.pinned_by) {
    bool fired_and_points = false;
    for (const std::size_t rule : x.r.fired) {
      const TriageRule& t = x.kb->triage_rules()[rule];
      if (t.id == id)
        fired_and_points =
            std::find(t.points_to.begin(), t.points_to.end(), first.cause) != t.points_to.end();
    }
    CHECK(fired_and_points);
  }
  // Every listed cause at this level is pinned or supported by an answer.
  for (const CauseView& c : x.v.causes) {
    const bool supported = std::any_of(c.evidence.begin(), c.evidence.end(),
                                       [](const EvidenceView& e) { return e.supports; });
    CHECK(c.listed == (c.pinned || supported));
  }
  // The reasons carry their rule ids and source titles (not the raw references).
  REQUIRE_FALSE(x.v.reasons.empty());
  CHECK_FALSE(x.v.reasons[0].sources.empty());
  CHECK(x.v.reasons[0].sources.find('#') == std::string_view::npos);
  CHECK(x.v.deciding_questions.empty());  // already at the most urgent level
}

TEST_CASE("the JSON writer's wording is the presentation's", "[presentation]") {
  const Presented x(R"({"age": 30, "lesion": "ecchymosis"})");
  REQUIRE_FALSE(x.v.questions.empty());
  std::string json;
  ResultWriter(*x.kb).append(x.c, x.r, kFieldNextQuestions | kFieldLesion, json);
  for (const QuestionView& q : x.v.questions) CHECK_THAT(json, Contains(std::string(q.why)));
  CHECK_THAT(json, Contains("\"type\":\"" + std::string(x.v.lesion.type_id) + "\""));
  // The field names are the ones --fields reads.
  std::string bad;
  for (const std::string_view name : result_field_name_table())
    CHECK(parse_result_fields(name, bad).has_value());
}

TEST_CASE("a knowledge base loaded from text: flags, titles, placeholders", "[presentation]") {
  auto kbj = test::minimal_kb();
  kbj["derived"][0]["cases"][0]["text"] = "a is {a}, {nope} stays, {b} unknown, {unclosed";
  const auto kb = test::load(kbj);
  const Presented x(R"({"a": true, "n": 7, "c": "y"})", kb);
  CHECK(x.p.flag(*kb->find_finding("a")) == "--a / --no-a");
  CHECK(x.p.flag(*kb->find_finding("n")) == "--n <years>");
  CHECK(x.p.flag(*kb->find_finding("c")) == "--c <choice>");
  CHECK(x.p.flag(*kb->find_finding("d")) == "(derived)");
  CHECK(Presentation::flag_name("size_mm") == "--size-mm");
  CHECK(x.p.source_title("s1#part 2") == "Source one (section \"part 2\")");
  CHECK(x.p.source_title("no_such_source") == "no_such_source");
  CHECK(x.p.answer_range(*kb->find_finding("n")) == "a number of years from 0 to 100");
  CHECK(x.p.answer_range(*kb->find_finding("c")) == "one of: x, y, z");
  // No lesion_type finding: nothing to say about a kind of spot.
  CHECK_FALSE(x.v.lesion.described);
  CHECK(x.p.derivation_type(0) == "unknown");
  CHECK(fill_placeholders(kb->derivation_cases()[0].text, *kb, x.c) ==
        "a is yes, {nope} stays, {b} unknown, {unclosed");
  // Why questions are asked, for rules and causes.
  CHECK(x.p.raise_why(0, true) == "Could make the advice EMERGENCY: a and b");
  CHECK(x.p.raise_why(0, false) == "With other answers, could make the advice EMERGENCY: a and b");
  CHECK(x.p.cause_why(1) == "Helps weigh 'Cause two' against the other possible causes.");
  REQUIRE(x.v.answers.size() == 3);
  CHECK(x.v.answers[2].words == "y");
}

TEST_CASE("split_placeholders reads braces the one way", "[presentation]") {
  const auto kb = test::load(test::minimal_kb());
  const auto parts = split_placeholders("{a}{a}x{}{zz}{n", *kb);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].literal.empty());
  CHECK(parts[0].finding == *kb->find_finding("a"));
  CHECK(parts[0].placeholder == "{a}");
  CHECK(parts[1].literal.empty());
  CHECK(parts[2].literal == "x{}{zz}{n");
  CHECK(parts[2].finding == TextPart::kNone);
  CHECK(number_text(0.1) == "0.1");
  CHECK(number_text(130) == "130");
}
