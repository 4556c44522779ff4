// The text result for a person: the level first with its advice, what could still make
// it more urgent, the emergency presentation, plain words before ids (ids, codes and
// weights only with --verbose), wrapping to the width, and the closing safety line.
#include "text_render.h"

#include <catch2/catch.hpp>

#include <spotcheck/evaluator.h>

#include "test_kb.h"
#include "text_wrap.h"

using namespace spotcheck;
using Catch::Contains;

namespace {

std::string render(std::string_view case_json, bool color = false,
                   cli::TextOptions options = {false, 0},
                   std::shared_ptr<const KnowledgeBase> kb = KnowledgeBase::embedded()) {
  Case c(*kb);
  REQUIRE_FALSE(read_case(*kb, case_json, c));
  Evaluator ev(*kb);
  return cli::render_text(*kb, c, ev.evaluate(c), cli::Style(color), options);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos;
       start = end + 1, end = text.find('\n', start))
    lines.push_back(text.substr(start, end - start));
  return lines;
}

// `text` with each line break and the indent after it read as one space: the words as
// they would read unwrapped.
std::string unwrapped(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    out += ' ';
    while (i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\n')) ++i;
  }
  return out;
}

// Every line fits in `width` columns, unless it is one word too long to break.
void check_fits(const std::string& text, std::size_t width) {
  for (const std::string& line : lines_of(text)) {
    INFO(width << ": '" << line << "'");
    const std::size_t first = line.find_first_not_of(' ');
    const bool one_word = first == std::string::npos || line.find(' ', first) == std::string::npos;
    CHECK((cli::display_width(line) <= width || one_word));
  }
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
  // The questions that decide it, one a line, right under it.
  CHECK(line_of(out, "  - Is there a fever") == 2);
  CHECK(line_of(out, "  - Are new spots appearing or spreading") == 3);
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
  // Wrapped, it is still all there, undimmed, at the very end.
  const std::string narrow = render(R"({"age": 30, "lesion": "ecchymosis"})", true, {true, 40});
  const std::string tail = narrow.substr(narrow.rfind("\n\n") + 2);
  CHECK(tail.find("\x1b[") == std::string::npos);
  CHECK(tail.find("Educational information, not a") == 0);
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
  CHECK_THAT(out, Contains("  - How old is the person? 4 years\n"));
  CHECK_THAT(out, Contains("What do the spots look like (if already known)? purpura: purple "
                           "spots or patches from 2 mm to 1 cm\n"));
  CHECK_THAT(out, Contains("Anything not listed is unknown, not no."));
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

TEST_CASE("plain words by default: no rule ids, codes or weights", "[text_render]") {
  const char* c = R"({"age": 30, "lesion": "ecchymosis", "recent_injury": true, "fever": false})";
  const std::string plain = render(c);
  // What the spot type means, from the knowledge base's lesion type description.
  CHECK_THAT(plain, Contains("Kind of spot: Ecchymosis\n  A flat bruise-like patch"));
  CHECK_THAT(plain, Contains("Source: Bruising"));
  for (const char* id : {"rule bruise_after_injury", "injury_trauma", "HP:0031364", "ICD-10",
                         "T14.0", "score", "weight 0.", "0.90", "%"}) {
    INFO(id);
    CHECK_THAT(plain, !Contains(id));
  }
  const std::string verbose = render(c, false, {true, 0});
  for (const char* id : {"rule bruise_after_injury", "cause injury_trauma", "HPO HP:0031364",
                         "ICD-10 WHO T14.0", "ranking weight 0.90"}) {
    INFO(id);
    CHECK_THAT(verbose, Contains(id));
  }
  // Where a weight is shown, what it means is said, and it is never a percentage.
  CHECK_THAT(verbose, Contains("it is not a probability"));
  CHECK_THAT(verbose, !Contains("%"));
  // Verbose adds; it takes nothing of the plain text away.
  for (const std::string& line : lines_of(plain)) {
    if (line.starts_with("    Source: ")) continue;  // verbose names the rule there too
    INFO(line);
    CHECK_THAT(verbose, Contains(line));
  }
}

TEST_CASE("evidence is only about what was answered", "[text_render]") {
  // A fever left unknown is never given as evidence for or against a cause.
  const std::string out = render(R"({"age": 3, "lesion": "petechiae"})");
  CHECK_THAT(out, !Contains("+ There is a fever"));
  CHECK_THAT(out, !Contains("fever (not so here)"));
  CHECK_THAT(render(R"({"age": 3, "lesion": "petechiae", "fever": true})"),
             Contains("+ There is a fever"));
}

TEST_CASE("an emergency with a cause pinned keeps action first, why and the disclaimer",
          "[text_render]") {
  for (const std::size_t width : {std::size_t{0}, std::size_t{40}}) {
    const std::string out = unwrapped(render(
        R"({"age": 3, "fever": true, "lesion": "petechiae", "blanching": true, "unwell": true})",
        false, {false, width}));
    CHECK(out.rfind(" EMERGENCY ", 0) == 0);
    CHECK_THAT(out, Contains("Why this advice:") && Contains("Must not be missed") &&
                        Contains("not a diagnosis"));
    // Never worded as a diagnosis.
    CHECK_THAT(out, Contains("Possible causes to discuss with a doctor:"));
    CHECK_THAT(out, !Contains("you have") && !Contains("You have"));
  }
}

TEST_CASE("text wraps to 40, 80 and 200 columns with hanging indents", "[text_render]") {
  const char* c = R"({"age": 30, "lesion": "ecchymosis", "recent_injury": true})";
  const std::string wide = render(c, false, {true, 0});
  for (const std::size_t width : {std::size_t{40}, std::size_t{80}, std::size_t{200}}) {
    const std::string out = render(c, false, {true, width});
    check_fits(out, width);
    // Only line breaks change: the words are the same, in the same order.
    std::string a = out, b = wide;
    for (std::string* s : {&a, &b}) {
      std::string squeezed;
      for (const char ch : *s)
        if (ch != ' ' && ch != '\n') squeezed += ch;
      *s = squeezed;
    }
    CHECK(a == b);
  }
  // At 40 columns a reason continues under its text, not under its dash, and the advice
  // under itself, not under the level's label.
  const std::string narrow = render(c, false, {false, 40});
  const auto lines = lines_of(narrow);
  REQUIRE(lines.size() > 3);
  CHECK(lines[0].rfind(" SELF-CARE   ", 0) == 0);
  CHECK(lines[1].rfind("             ", 0) == 0);
  const std::size_t why = line_of(narrow, "  - A bruise where there was a knock");
  CHECK(lines[why + 1].rfind("    ", 0) == 0);
  CHECK(lines[why + 1][4] != ' ');
  // A flag's two spellings stay on one line.
  CHECK_THAT(narrow, !Contains("--spreading /\n"));
}

TEST_CASE("wrapping counts UTF-8 characters and keeps long words whole", "[text_render]") {
  auto kbj = test::minimal_kb();
  const std::string link = "https://example.org/a/very/long/path/that/cannot/be/broken/anywhere";
  kbj["findings"][0]["question"] =
      "Fièvre ≥ 38 °C, très élevée, avec des frissons, ou pas ? Voir " + link;
  kbj["disclaimer"] = "Ceci n’est pas un diagnostic médical ; en cas d’urgence, appelez le 112.";
  const auto kb = test::load(kbj);
  for (const std::size_t width : {std::size_t{40}, std::size_t{80}, std::size_t{200}}) {
    const std::string out = render(R"({"a": true, "n": 7})", false, {false, width}, kb);
    check_fits(out, width);
    CHECK_THAT(out, Contains(link));
    CHECK_THAT(out, Contains("Fièvre"));
    // The last line is the disclaimer's end.
    CHECK_THAT(out, Contains("112.\n"));
  }
  const std::string narrow = render(R"({"a": true})", false, {false, 40}, kb);
  // "Fièvre ≥ 38 °C, très élevée, avec des" is 37 characters but 43 bytes: it fits in 40.
  CHECK_THAT(narrow, Contains("  - Fièvre ≥ 38 °C, très élevée, avec\n"));
}
