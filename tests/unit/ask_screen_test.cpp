// How a list ("Does any of these apply?") is worded in `spotcheck ask`: its prompt lists
// only the members the interview gives, numbered from 1, says that the others count as no;
// its help, what each answer would do, and how a reply is said back.
#include "ask_screen.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <spotcheck/interview.h>

#include "test_kb.h"

using namespace spotcheck;
using namespace spotcheck::cli;
using Catch::Contains;

namespace {

const KnowledgeBase& kb() {
  return test::embedded_kb();
}

std::size_t id(const char* name) {
  return *kb().find_finding(name);
}

// The first list the interview puts after a no to the glass test, at 30.
QuestionValue first_list(Interview& interview) {
  auto q = interview.next();
  REQUIRE(q);
  REQUIRE(q->screen != QuestionValue::kNoScreen);
  return *q;
}

Case adult() {
  Case c(kb());
  c.set(id("age"), 30);
  c.set_bool(id("blanching"), false);
  return c;
}

}  // namespace

TEST_CASE("a list's prompt numbers the members given, from the knowledge base", "[ask][screen]") {
  Case start = adult();
  start.set_bool(id("unwell"), false);  // known: not listed
  Interview interview(kb(), start);
  const QuestionValue q = first_list(interview);
  const Screen& s = kb().screens()[q.screen];
  const std::string prompt = screen_prompt(kb(), q, 4, Style(false));
  CHECK_THAT(prompt, Contains("4. " + s.question + "\n"));
  CHECK_THAT(prompt, !Contains("feeling very unwell"));
  CHECK_THAT(prompt, Contains("     1  confused, very drowsy or hard to wake\n"));
  CHECK_THAT(prompt, Contains("(the others count as no; add ? if unsure of them)"));
  CHECK_THAT(prompt, Contains(screen_hint(q)));
  CHECK(screen_hint(q) == "[1-" + std::to_string(q.members.size()) + ", none, ?]");
  CHECK(prompt.back() == ' ');
  // Each listed line is the knowledge base's text for that member, in order.
  std::size_t at = 0;
  for (std::size_t k = 0; k < q.members.size(); ++k) {
    const auto m = std::find(s.members.begin(), s.members.end(), q.members[k]);
    REQUIRE(m != s.members.end());
    const std::string line = fmt::format(
        "     {}  {}\n", k + 1, s.member_text[static_cast<std::size_t>(m - s.members.begin())]);
    const auto found = prompt.find(line, at);
    CHECK(found != std::string::npos);
    at = found;
  }
}

TEST_CASE("a list's help and why", "[ask][screen]") {
  Interview interview(kb(), adult());
  const QuestionValue q = first_list(interview);
  const std::string help = screen_help(kb(), q);
  CHECK_THAT(help, Contains(kb().screens()[q.screen].help));
  CHECK_THAT(help, Contains("every other line of the list a no") && Contains("Or type: why"));
  const auto lines = screen_effects(kb(), interview.why(q));
  REQUIRE_FALSE(lines.empty());
  CHECK_THAT(lines[0], Contains("A yes to 1 (") && Contains("would make the advice EMERGENCY."));
  // The interview's why for a list names the rules of any member.
  const QuestionWhy w = interview.why(q);
  bool fever_rule = false;
  for (const std::size_t r : w.rules)
    fever_rule |= kb().triage_rules()[r].id == "fever_nonblanching";
  CHECK(fever_rule);
}

TEST_CASE("how a reply to a list is said back", "[ask][screen]") {
  QuestionValue q;
  q.screen = 0;
  q.members = {id("unwell"), id("confusion"), id("fever")};
  CHECK(screen_understood(q, {}, 0) == "None of them: no to each.");
  CHECK(screen_understood(q, {}, std::nan("")) ==
        "Not known: each of them is asked on its own where it still matters.");
  CHECK(screen_understood(q, {0, 2}, 0) == "Yes to 1, 3; no to the other.");
  CHECK(screen_understood(q, {1}, 0) == "Yes to 2; no to the others.");
  CHECK(screen_understood(q, {0, 1, 2}, 0) == "Yes to 1, 2, 3.");
  CHECK_THAT(screen_understood(q, {1}, std::nan("")),
             Contains("Yes to 2; the others are asked on their own"));
}
