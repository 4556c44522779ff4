// The interview behind `spotcheck ask`: which question comes next, from the knowledge base,
// and when it stops (an emergency, nothing left that matters, the limit).
#include <cmath>
#include <fstream>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/interview.h>

using namespace spotcheck;

namespace {

const KnowledgeBase& kb() {
  static const auto embedded = KnowledgeBase::embedded();
  return *embedded;
}

std::size_t id(const char* name) {
  return *kb().find_finding(name);
}

const std::string& name(std::size_t f) {
  return kb().findings()[f].id;
}

double unknown() {
  return std::nan("");
}

// Plays an interview answering each question from `c` (unknown where it is silent), as a
// person who knows exactly these answers. Returns the findings asked, in order.
std::vector<std::size_t> play(Interview& interview, const Case& c) {
  std::vector<std::size_t> asked;
  while (const auto q = interview.next()) {
    asked.push_back(q->finding);
    interview.answer(q->finding, c.value(q->finding));
  }
  return asked;
}

std::vector<nlohmann::json> vignettes() {
  std::ifstream in(SPOTCHECK_TEST_DATA "/data/vignettes.jsonl");
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line)["case"]);
  return out;
}

Case case_of(const nlohmann::json& j) {
  Case c(kb());
  for (const auto& item : j.items()) {
    if (item.key() == "id") continue;
    const std::size_t f = id(item.key().c_str());
    const auto& v = item.value();
    if (v.is_boolean())
      c.set_bool(f, v.get<bool>());
    else if (v.is_number())
      c.set(f, v.get<double>());
    else
      c.set(f, static_cast<double>(*kb().find_choice(f, v.get<std::string>())));
  }
  return c;
}

}  // namespace

TEST_CASE("the interview opens with a red flag that alone is an emergency", "[interview]") {
  Interview interview(kb(), Case(kb()));
  const auto first = interview.next();
  REQUIRE(first);
  CHECK(interview.state() == InterviewState::kAsking);
  const Finding& f = kb().findings()[first->finding];
  CHECK(f.red_flag);
  CHECK(first->reveals_emergency);
  // The one that bears on the most emergency rules: "very unwell" in the shipped KB.
  CHECK(f.id == "unwell");
  // A yes stops the interview at once.
  interview.answer(first->finding, 1);
  CHECK_FALSE(interview.next());
  CHECK(interview.state() == InterviewState::kEmergency);
}

TEST_CASE("the red flags that alone are an emergency open the interview", "[interview]") {
  // Answering "don't know" to everything: every red flag that alone could make the level
  // an emergency comes before anything else, but for the questions that could undo such an
  // emergency, each asked just before it (the glass test before the fever, the age before
  // blood in the stool, which is an emergency in a child).
  Interview interview(kb(), Case(kb()));
  std::vector<std::string> asked, others_before;
  std::size_t last_opener = 0;
  while (const auto q = interview.next()) {
    asked.push_back(name(q->finding));
    if (q->reveals_emergency && kb().findings()[q->finding].red_flag) last_opener = asked.size();
    interview.answer(q->finding, unknown());
  }
  for (std::size_t k = 0; k < last_opener; ++k) {
    const std::size_t f = id(asked[k].c_str());
    if (!kb().findings()[f].red_flag) others_before.push_back(asked[k]);
  }
  CHECK(others_before == std::vector<std::string>{"blanching", "age"});
  CHECK(last_opener >= 10);
  for (const char* flag : {"unwell", "confusion", "stiff_neck", "vomiting_blood",
                           "bleeding_wont_stop", "fever", "spreading", "cold_hands_feet"}) {
    INFO(flag);
    const auto at = std::find(asked.begin(), asked.end(), flag);
    CHECK(at - asked.begin() < static_cast<std::ptrdiff_t>(last_opener));
  }
  const auto order = [&](const char* a, const char* b) {
    return std::find(asked.begin(), asked.end(), a) < std::find(asked.begin(), asked.end(), b);
  };
  CHECK(order("blanching", "fever"));
  CHECK(order("age", "blood_in_stool"));
  CHECK(interview.state() == InterviewState::kSettled);
}

TEST_CASE("the glass test is asked before a fever would make it an emergency", "[interview]") {
  // Fever with spots counts as an emergency until a glass test says the spots fade: the
  // glass test, which could undo it, comes first (its decider).
  Interview interview(kb(), Case(kb()));
  std::vector<std::string> asked;
  while (const auto q = interview.next()) {
    asked.push_back(name(q->finding));
    if (asked.back() == "fever") break;
    interview.answer(q->finding, unknown());
  }
  const auto glass = std::find(asked.begin(), asked.end(), "blanching");
  REQUIRE(glass != asked.end());
  CHECK(glass < std::find(asked.begin(), asked.end(), "fever"));
}

TEST_CASE("a fever with spots that fade is not stopped as an emergency", "[interview]") {
  Case c(kb());
  c.set(id("age"), 4);
  c.set_bool(id("fever"), true);
  c.set_bool(id("blanching"), true);
  c.set_bool(id("unwell"), false);
  Interview interview(kb(), Case(kb()));
  play(interview, c);
  Evaluator ev(kb());
  CHECK(ev.evaluate(interview.answers()).triage_level == ev.evaluate(c).triage_level);
  CHECK(interview.state() != InterviewState::kEmergency);
}

TEST_CASE("starting answers are never asked", "[interview]") {
  Case start(kb());
  start.set(id("age"), 4);
  start.set_bool(id("unwell"), false);
  start.set_bool(id("fever"), false);
  Interview interview(kb(), start);
  for (const std::size_t f : play(interview, Case(kb()))) {
    INFO(name(f));
    CHECK(f != id("age"));
    CHECK(f != id("unwell"));
    CHECK(f != id("fever"));
  }
  CHECK(interview.answers().value(id("age")) == 4);
}

TEST_CASE("questions that do not fit the age are not asked (ask_when)", "[interview]") {
  const auto asked_at = [](double age) {
    Case start(kb());
    start.set(id("age"), age);
    Interview interview(kb(), start);
    std::set<std::string> names;
    for (const std::size_t f : play(interview, Case(kb()))) names.insert(name(f));
    return names;
  };
  const auto baby = asked_at(0.5);
  CHECK(baby.count("independently_mobile") == 1);
  CHECK(baby.count("heavy_periods") == 0);
  CHECK(baby.count("pregnant") == 0);
  CHECK(baby.count("heavy_alcohol") == 0);
  const auto adult = asked_at(30);
  CHECK(adult.count("independently_mobile") == 0);
  CHECK(adult.count("pregnant") == 1);
}

TEST_CASE("back takes the last answer back and the same question comes again", "[interview]") {
  Interview interview(kb(), Case(kb()));
  CHECK_FALSE(interview.back());
  const auto first = interview.next();
  interview.answer(first->finding, 0);
  const auto second = interview.next();
  REQUIRE(second);
  CHECK(second->finding != first->finding);
  CHECK(interview.back());
  CHECK_FALSE(interview.answers().known(first->finding));
  CHECK(interview.asked() == 0);
  CHECK(interview.next()->finding == first->finding);
}

TEST_CASE("a skipped question comes back once, when nothing else is left", "[interview]") {
  Interview interview(kb(), Case(kb()));
  const auto first = interview.next();
  interview.skip(first->finding);
  std::vector<std::size_t> later;
  while (const auto q = interview.next()) {
    later.push_back(q->finding);
    if (q->finding == first->finding)
      interview.skip(q->finding);  // skipped again: not asked a third time
    else
      interview.answer(q->finding, unknown());
  }
  REQUIRE_FALSE(later.empty());
  CHECK(later.back() == first->finding);
  CHECK(std::count(later.begin(), later.end(), first->finding) == 1);
}

TEST_CASE("a question limit stops the interview", "[interview]") {
  Interview interview(kb(), Case(kb()), 3);
  CHECK(play(interview, Case(kb())).size() == 3);
  CHECK(interview.state() == InterviewState::kMaxQuestions);
  Interview none(kb(), Case(kb()), 0);
  CHECK_FALSE(none.next());
  CHECK(none.state() == InterviewState::kMaxQuestions);
}

TEST_CASE("the same answers always give the same questions", "[interview]") {
  const Case c = case_of(vignettes().at(3));
  Interview a(kb(), Case(kb())), b(kb(), Case(kb()));
  CHECK(play(a, c) == play(b, c));
}

TEST_CASE("each vignette played from its case ends at query's level with the full case",
          "[interview]") {
  Evaluator ev(kb());
  for (const auto& j : vignettes()) {
    INFO(j.dump());
    const Case c = case_of(j);
    Interview interview(kb(), Case(kb()));
    play(interview, c);
    const std::size_t full = ev.evaluate(c).triage_level;
    CHECK(ev.evaluate(interview.answers()).triage_level == full);
    // It stops either at an emergency or when nothing left could change the level.
    CHECK((interview.state() == InterviewState::kEmergency) == (full == 0));
  }
}

TEST_CASE("when the interview settles, no single answer left could change the level",
          "[interview]") {
  const Case c = case_of(vignettes().at(4));
  Interview interview(kb(), Case(kb()));
  const auto asked = play(interview, c);
  REQUIRE(interview.state() == InterviewState::kSettled);
  Evaluator ev(kb());
  Case trial = interview.answers();
  const std::size_t level = ev.evaluate(trial).triage_level;
  std::vector<std::size_t> fitting;
  for (std::size_t f = 0; f < kb().input_finding_count(); ++f)
    if (ev.ask_when_state(f) != Tri::kFalse) fitting.push_back(f);
  for (const std::size_t f : fitting) {
    if (trial.known(f) || std::find(asked.begin(), asked.end(), f) != asked.end()) continue;
    if (kb().findings()[f].type != FindingType::kBool) continue;
    for (const double v : {0.0, 1.0}) {
      INFO(name(f) << " = " << v);
      trial.set(f, v);
      CHECK(ev.evaluate(trial).triage_level == level);
      trial.clear(f);
    }
  }
}

TEST_CASE("why names the rules and causes a question bears on and what it would do",
          "[interview]") {
  Interview interview(kb(), Case(kb()));
  const QuestionWhy w = interview.why(id("fever"));
  CHECK(w.value.finding == id("fever"));
  bool emergency_rule = false;
  for (const std::size_t r : w.rules)
    emergency_rule |= kb().triage_rules()[r].id == "fever_nonblanching";
  CHECK(emergency_rule);
  REQUIRE(w.value.outcomes.size() == 2);
  for (const AnswerOutcome& o : w.value.outcomes)
    if (o.value == 1) CHECK(o.level == 0);
  CHECK_FALSE(w.causes.empty());
}
