// The text result for a person: the level first with its advice, what could still make
// it more urgent, the emergency presentation, and the closing safety line.
#include "text_render.h"

#include <catch2/catch.hpp>

#include <spotcheck/evaluator.h>

using namespace spotcheck;
using Catch::Contains;

namespace {

std::string render(std::string_view case_json, bool color = false) {
  const auto kb = KnowledgeBase::embedded();
  Case c(*kb);
  REQUIRE_FALSE(read_case(*kb, case_json, c));
  Evaluator ev(*kb);
  return cli::render_text(*kb, c, ev.evaluate(c), cli::Style(color));
}

std::size_t line_of(const std::string& text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return static_cast<std::size_t>(
      std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

}  // namespace

TEST_CASE("a level below what the unknown answers could reach says so under the headline",
          "[text_render]") {
  // Two answers, as people give them: routine, but fever or spreading spots would make
  // it an emergency, and the text says which questions decide it.
  const std::string out = render(R"({"age": 30, "lesion": "ecchymosis"})");
  CHECK(out.rfind(" ROUTINE ", 0) == 0);
  CHECK(line_of(out, "Could be EMERGENCY: check now:") == 1);
  CHECK_THAT(out, Contains("Is there a fever"));
  // At the top level there is nothing more to check before acting.
  CHECK_THAT(render(R"({"age": 3, "unwell": true})"), !Contains("Could be"));
}

TEST_CASE("with no answers it says nothing was answered and asks what matters first",
          "[text_render]") {
  const std::string out = render("{}");
  CHECK(out.rfind("Nothing was answered yet", 0) == 0);
  CHECK_THAT(out, Contains("It could be EMERGENCY") && Contains("--fever / --no-fever"));
  // No confident level and no causes ranked on priors alone.
  CHECK_THAT(out,
             !Contains("Possible causes") && !Contains(" ROUTINE ") && Contains("not a diagnosis"));
}

TEST_CASE("an emergency puts the action first and does not wait for more answers",
          "[text_render]") {
  const std::string out = render(
      R"({"age": 3, "fever": true, "lesion": "petechiae", "location": "face_neck",
          "straining": true})");
  CHECK(out.rfind(" EMERGENCY ", 0) == 0);
  CHECK(line_of(out, "Do not wait to answer more questions.") == 1);
  // The must-not-miss cause leads, marked, ahead of the reassuring explanation.
  CHECK(out.find("Meningococcal disease") < out.find("Pinpoint spots from straining"));
  CHECK_THAT(out, Contains("Must not be missed"));
}

TEST_CASE("no text says nothing points to an emergency when a red flag is present",
          "[text_render]") {
  for (const char* c :
       {R"({"age": 70, "confusion": true})", R"({"stiff_neck": true})", R"({"spreading": true})",
        R"({"cold_hands_feet": true})", R"({"age": 30, "head_injury": true})", R"({"age": 40})"}) {
    INFO(c);
    const std::string out = render(c);
    CHECK_THAT(out, !Contains("points to an emergency"));
    CHECK_THAT(out, !Contains("SELF-CARE"));
  }
}

TEST_CASE("the closing safety line is never dimmed", "[text_render]") {
  const std::string out = render(R"({"age": 30, "lesion": "ecchymosis"})", true);
  const auto kb = KnowledgeBase::embedded();
  CHECK_THAT(out, Contains("\n" + kb->disclaimer() + "\n"));
  CHECK(out.find("\x1b[2m" + kb->disclaimer()) == std::string::npos);
}

TEST_CASE("contradictory answers are pointed out before the reasons", "[text_render]") {
  const std::string out = render(R"({"age": 30, "lesion": "ecchymosis", "blanching": true})");
  CHECK(out.find("Check your answers:") < out.find("Why this advice:"));
  CHECK_THAT(out, Contains("a bruise does not fade"));
}

TEST_CASE("what you told us lists every answer in words, after the causes", "[text_render]") {
  const std::string out = render(
      R"({"age": 4, "lesion": "purpura", "fever": false, "blanching": false, "size_mm": 2.5})");
  CHECK_THAT(out, Contains("What you told us:\n"));
  CHECK_THAT(out, Contains("  How old is the person? 4 years\n"));
  CHECK_THAT(out, Contains("What do the spots look like (if already known)? purpura: purple "
                           "spots or patches from 2 mm to 1 cm\n"));
  CHECK_THAT(out, Contains("in millimetres? 2.5 mm\n"));
  CHECK_THAT(out, Contains("or feeling hot and shivery? no\n"));
  CHECK_THAT(out, Contains("pressed firmly on them? no\n"));
  CHECK(line_of(out, "What you told us:") > line_of(out, "Possible causes"));
  // Only what was answered: nothing about a finding left unknown.
  CHECK_THAT(out, !Contains("Is the person feeling very unwell, or getting worse quickly? "));
  // An age given in months reads back in years, rounded.
  CHECK_THAT(render(R"({"age": 0.4999999999999998})"),
             Contains("How old is the person? 0.5 years"));
}
