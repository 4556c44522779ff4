// `spotcheck ask` end to end, with answers piped in as a person or a script would type
// them: the questions and their order, the stop at an emergency, why, back, skip, help,
// bad answers asked again, messy input, the end of input, and a saved case that replays
// to the identical result through query and batch.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/interview.h>

#include "run_spotcheck.h"

using namespace spotcheck::test;
using Catch::Contains;
using Catch::StartsWith;
using nlohmann::json;

namespace {

const spotcheck::KnowledgeBase& kb() {
  static const auto embedded = spotcheck::KnowledgeBase::embedded();
  return *embedded;
}

std::size_t id(const char* name) {
  return *kb().find_finding(name);
}

// The questions of a transcript (stderr), as numbered there: "3. Is there a fever ...?".
std::vector<std::string> questions(const std::string& err) {
  std::vector<std::string> out;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    const auto dot = line.find(". ");
    if (dot == std::string::npos || dot == 0 || dot > 3) continue;
    if (line.find_first_not_of("0123456789") != dot) continue;
    std::string text = line.substr(dot + 2);
    text = text.substr(0, text.find(" ["));
    out.push_back(text);
  }
  return out;
}

const std::string& question(const char* finding) {
  return kb().findings()[id(finding)].question;
}

// The question as the transcript shows it: the finding's, or the screen's.
std::string text_of(const spotcheck::QuestionValue& q) {
  if (q.screen == spotcheck::QuestionValue::kNoScreen) return kb().findings()[q.finding].question;
  return kb().screens()[q.screen].question;
}

const std::string& screen_question(const char* screen) {
  for (const auto& s : kb().screens())
    if (s.id == screen) return s.question;
  FAIL("no screen " << screen);
  return kb().screens()[0].question;
}

// The questions the engine would ask when every answer is "don't know" (a screen's too).
std::vector<std::string> expected_unknown_order(std::size_t n) {
  spotcheck::Interview interview(kb(), spotcheck::Case(kb()));
  std::vector<std::string> out;
  while (out.size() < n) {
    const auto q = interview.next();
    if (!q) break;
    out.push_back(text_of(*q));
    if (q->screen != spotcheck::QuestionValue::kNoScreen)
      interview.pass_screen(*q);
    else
      interview.answer(q->finding, std::nan(""));
  }
  return out;
}

std::string repeat(const std::string& line, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += line;
  return out;
}

// How many "don't know" answers come before the question about `finding` is asked.
std::size_t unknowns_before(const char* finding) {
  const auto order = expected_unknown_order(kb().input_finding_count());
  const auto at = std::find(order.begin(), order.end(), question(finding));
  REQUIRE(at != order.end());
  return static_cast<std::size_t>(at - order.begin());
}

std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("spotcheck-ask-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("ask asks the knowledge base's questions in its order, on stderr", "[cli][ask]") {
  const Run r = run_spotcheck({"ask"}, repeat("?\n", 6));
  INFO(r.err);
  CHECK(r.status == 0);
  const auto asked = questions(r.err);
  // Six answered, the seventh asked when the input ended.
  REQUIRE(asked.size() == 7);
  CHECK(asked == expected_unknown_order(7));
  CHECK(asked[0] == question("blanching"));
  CHECK(asked[2] == screen_question("danger_signs"));
  CHECK_THAT(r.err, Contains("End of input: the result from the answers so far."));
  // stdout is the result only: no question is there.
  CHECK(questions(r.out).empty());
  CHECK_THAT(r.out, Contains("Educational information, not a diagnosis."));
}

TEST_CASE("ask stops at the first emergency and gives the emergency advice first", "[cli][ask]") {
  // The glass test, the age, then the screen of danger signs: 1 is "very unwell".
  const Run r = run_spotcheck({"ask", "--json"}, "n\n30\n1\nn\n");
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(questions(r.err).size() == 3);
  CHECK_THAT(r.err,
             Contains("EMERGENCY: Call the emergency number") && Contains("No more questions."));
  CHECK_THAT(r.err, Contains("Yes to 1; no to the others."));
  const json result = json::parse(r.out);
  CHECK(result["triage"]["level"] == "emergency");
  CHECK(result["answers"]["unwell"] == true);
  CHECK(result["answers"]["confusion"] == false);
  CHECK(result["answers"]["fever"] == false);
  const Run text = run_spotcheck({"ask"}, "n\n30\n1\n");
  CHECK_THAT(text.out, StartsWith(" EMERGENCY "));
  CHECK_THAT(text.err, Contains("The same result again: spotcheck query --age 30 --no-blanching") &&
                           Contains("--unwell"));
}

TEST_CASE("a screen: the list, none, numbers and ? are read, bad replies asked again",
          "[cli][ask][screen]") {
  // 1,99 and "yes please" are explained and the screen asked again; "wyh" gets a
  // suggestion; then "6 and 2 ?" says yes to the headache and confusion, and leaves the
  // others to be asked on their own.
  const Run r = run_spotcheck({"ask", "--json", "--age", "30", "--no-blanching"},
                              "1,99\nyes please\nwhu\nY\n6 and 2 ?\n");
  INFO(r.err);
  CHECK(r.status == 0);
  const auto asked = questions(r.err);
  REQUIRE(asked.size() >= 5);
  for (std::size_t k = 0; k < 5; ++k) CHECK(asked[k] == screen_question("danger_signs"));
  CHECK_THAT(r.err, Contains("     1  feeling very unwell, or getting worse quickly"));
  CHECK_THAT(r.err,
             Contains("(the others count as no; add ? if unsure of them), none, or ? [1-10"));
  CHECK_THAT(r.err,
             Contains("99 is not in the list. Give the numbers of those that apply (1 to 10"));
  CHECK_THAT(r.err, Contains("'yes please' is not one of the numbers."));
  CHECK_THAT(r.err, Contains("did you mean 'why'?"));
  CHECK_THAT(r.err, Contains("Which of them?"));
  const json result = json::parse(r.out);
  // Confusion is an emergency: it stops there.
  CHECK(result["triage"]["level"] == "emergency");
  CHECK(result["answers"]["confusion"] == true);
  CHECK(result["answers"]["headache"] == true);
  CHECK_FALSE(result["answers"].contains("unwell"));  // not known: "?" is never a no

  // none: a no to each listed member; ?: none answered, each asked on its own.
  const Run none = run_spotcheck({"ask", "--json", "--age", "30", "--no-blanching"}, "none\n");
  const json n = json::parse(none.out);
  for (const char* f : {"unwell", "confusion", "fever", "stiff_neck", "spreading"}) {
    INFO(f);
    CHECK(n["answers"][f] == false);
  }
  CHECK_THAT(none.err, Contains("None of them: no to each."));
  const Run unsure = run_spotcheck({"ask", "--json", "--age", "30", "--no-blanching"}, "?\n");
  INFO(unsure.err);
  CHECK(json::parse(unsure.out)["answers"] == json{{"age", 30}, {"blanching", false}});
  CHECK_THAT(unsure.err, Contains("Not known: each of them is asked on its own"));
  // skip: each line put aside for the end.
  const Run skipped = run_spotcheck({"ask", "--json", "--age", "30", "--no-blanching"},
                                    "skip\n" + repeat("?\n", 80));
  INFO(skipped.err);
  CHECK(skipped.status == 0);
  CHECK_THAT(skipped.err, Contains("Skipped: each of them is asked on its own at the end"));
  const auto after_skip = questions(skipped.err);
  REQUIRE(after_skip.size() > 2);
  bool member_last = false;
  for (const std::size_t m : kb().screens()[0].members)
    member_last |= after_skip.back() == kb().findings()[m].question;
  CHECK(member_last);
  CHECK(std::count(after_skip.begin(), after_skip.end(), question("unwell")) == 1);
  const auto after = questions(unsure.err);
  REQUIRE(after.size() == 2);
  CHECK(after[1] != screen_question("danger_signs"));
}

TEST_CASE("a screen lists only the members not yet answered", "[cli][ask][screen]") {
  const Run r =
      run_spotcheck({"ask", "--age", "30", "--no-blanching", "--no-fever", "--no-unwell"}, "");
  INFO(r.err);
  REQUIRE(questions(r.err).size() == 1);
  CHECK(questions(r.err)[0] == screen_question("danger_signs"));
  CHECK_THAT(r.err, !Contains("feeling very unwell") && !Contains("38 C"));
  CHECK_THAT(r.err, Contains("     1  confused, very drowsy or hard to wake"));
  // End of input in the middle of the screen: nothing of it is answered.
  CHECK_THAT(r.err, Contains("End of input: the result from the answers so far."));
}

TEST_CASE("why and help at a screen", "[cli][ask][screen]") {
  const Run r = run_spotcheck({"ask", "--age", "30", "--no-blanching"}, "why\nhelp\nnone\n");
  INFO(r.err);
  const auto asked = questions(r.err);
  REQUIRE(asked.size() >= 3);
  CHECK(asked[0] == screen_question("danger_signs"));
  CHECK(asked[1] == asked[0]);
  CHECK(asked[2] == asked[0]);
  CHECK_THAT(r.err, Contains("Why this question:") &&
                        Contains("A yes to 1 ('feeling very unwell, or getting worse quickly') "
                                 "would make the advice EMERGENCY.") &&
                        Contains("The warning signs it bears on:") &&
                        Contains("EMERGENCY: Fever with spots"));
  CHECK_THAT(r.err, Contains(kb().screens()[0].help) && Contains("each number is a yes") &&
                        Contains("Or type: why"));
}

TEST_CASE("why explains the question, which is then asked again", "[cli][ask]") {
  // Every danger sign but "very unwell" answered up front: that one is asked alone.
  const std::vector<std::string> flags{"ask",
                                       "--age",
                                       "30",
                                       "--no-blanching",
                                       "--no-confusion",
                                       "--no-fever",
                                       "--no-chills",
                                       "--no-stiff-neck",
                                       "--no-headache",
                                       "--no-spreading",
                                       "--no-cold-hands-feet",
                                       "--no-reduced-urine",
                                       "--no-abdominal-pain"};
  spotcheck::Case start(kb());
  start.set(id("age"), 30);
  for (std::size_t k = 4; k < flags.size(); ++k) {
    std::string f = flags[k].substr(5);
    std::replace(f.begin(), f.end(), '-', '_');
    start.set_bool(id(f.c_str()), false);
  }
  start.set_bool(id("blanching"), false);
  spotcheck::Interview interview(kb(), start);
  std::string input;
  for (auto q = interview.next();
       q && !(q->screen == spotcheck::QuestionValue::kNoScreen && q->finding == id("unwell"));
       q = interview.next()) {
    input += "?\n";
    if (q->screen != spotcheck::QuestionValue::kNoScreen)
      interview.pass_screen(*q);
    else
      interview.answer(q->finding, std::nan(""));
  }
  const std::size_t before = interview.asked();
  const Run r = run_spotcheck(flags, input + "why\nn\n");
  INFO(r.err);
  const auto asked = questions(r.err);
  REQUIRE(asked.size() >= before + 2);
  CHECK(asked[before] == question("unwell"));
  CHECK(asked[before + 1] == question("unwell"));
  CHECK_THAT(r.err, Contains("Why this question:") &&
                        Contains("A yes would make the advice "
                                 "EMERGENCY.") &&
                        Contains("The warning signs it bears on:"));
}

TEST_CASE("why says when a question comes first to decide another", "[cli][ask]") {
  // The glass test is asked before the fever question, since its answer decides whether a
  // fever is an emergency.
  const std::size_t before = unknowns_before("blanching");
  const Run r = run_spotcheck({"ask"}, repeat("?\n", before) + "why\n");
  INFO(r.err);
  CHECK_THAT(r.err, Contains("It comes before \"") &&
                        Contains("its answer decides whether a yes there makes the advice "
                                 "EMERGENCY"));
}

TEST_CASE("help gives the question's help text from the knowledge base", "[cli][ask]") {
  const std::size_t before = unknowns_before("blanching");
  const Run r = run_spotcheck({"ask"}, repeat("?\n", before) + "help\n");
  INFO(r.err);
  CHECK_THAT(r.err, Contains(kb().findings()[id("blanching")].help));
  CHECK_THAT(r.err, Contains("Or type: why"));
}

TEST_CASE("back takes the last answer back and asks it again", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--json"}, "n\nback\ny\n");
  INFO(r.err);
  const auto asked = questions(r.err);
  REQUIRE(asked.size() == 4);
  CHECK(asked[0] == question("blanching"));
  CHECK(asked[2] == question("blanching"));
  CHECK_THAT(r.err, Contains("Back to the previous question."));
  CHECK(json::parse(r.out)["answers"] == json{{"blanching", true}});
  // Back over a screen takes all of its answers back, and the screen is asked again.
  const Run screen =
      run_spotcheck({"ask", "--json", "--age", "30", "--no-blanching"}, "6\nback\n2\n");
  INFO(screen.err);
  const auto again = questions(screen.err);
  REQUIRE(again.size() >= 3);
  CHECK(again[0] == screen_question("danger_signs"));
  CHECK(again[2] == again[0]);
  const json result = json::parse(screen.out);
  CHECK(result["answers"]["confusion"] == true);
  CHECK(result["answers"]["headache"] == false);  // the 6 taken back; now a no
  CHECK(result["triage"]["level"] == "emergency");
  // Nothing to go back to: said, and the question stays.
  const Run first = run_spotcheck({"ask"}, "back\n");
  CHECK_THAT(first.err, Contains("There is no earlier answer to change."));
}

TEST_CASE("skip leaves a question for the end, where it is asked again", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--json"}, "skip\n" + repeat("?\n", 80));
  INFO(r.err);
  CHECK(r.status == 0);
  const auto asked = questions(r.err);
  REQUIRE(asked.size() > 3);
  CHECK(asked.front() == question("blanching"));
  CHECK(asked.back() == question("blanching"));
  CHECK(std::count(asked.begin(), asked.end(), question("blanching")) == 2);
  CHECK_THAT(r.err, Contains("Skipped: it is asked again at the end if it still matters.") &&
                        Contains("No more questions: no answer left could change"));
}

TEST_CASE("a bad number is explained and asked again, units are understood", "[cli][ask]") {
  const std::size_t before = unknowns_before("age");
  const Run r = run_spotcheck({"ask", "--json"}, repeat("?\n", before) + "abc\n200\n6m\n");
  INFO(r.err);
  const auto asked = questions(r.err);
  REQUIRE(asked.size() >= before + 3);
  CHECK(asked[before] == question("age"));
  CHECK(asked[before + 1] == question("age"));
  CHECK(asked[before + 2] == question("age"));
  CHECK_THAT(r.err, Contains("'age' takes a number") && Contains("must be between 0 and 130") &&
                        Contains("= 0.5 years"));
  CHECK(json::parse(r.out)["answers"]["age"].get<double>() == Approx(0.5));
}

TEST_CASE("messy input: CRLF, blank lines, capitals, typos and unknown commands", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--json"}, "\r\n\n  NO \r\npause\nyse\n\nYES\r\n");
  INFO(r.err);
  CHECK(r.status == 0);
  const auto asked = questions(r.err);
  // Blank lines are not answers; the glass test is answered; "pause", "yse" and "YES" are
  // not ages: each is explained and the age asked again as the input ends.
  REQUIRE(asked.size() == 5);
  CHECK(asked[0] == question("blanching"));
  for (std::size_t k = 1; k < 5; ++k) CHECK(asked[k] == question("age"));
  CHECK_THAT(r.err, Contains("'age' takes a number"));
  CHECK(json::parse(r.out)["answers"] == json{{"blanching", false}});
  // At a screen: capitals, CRLF and hostile bytes.
  const Run screen = run_spotcheck({"ask", "--json", "--age", "30", "--no-blanching"},
                                   std::string("\x1b[31m\xff\n  NoNe \r\n"));
  INFO(screen.err);
  CHECK(screen.status == 0);
  CHECK_THAT(screen.err, !Contains("\x1b[31m"));
  CHECK(json::parse(screen.out)["answers"]["unwell"] == false);
}

TEST_CASE("end of input at once gives the result of the starting answers", "[cli][ask]") {
  const Run empty = run_spotcheck({"ask"}, "");
  CHECK(empty.status == 0);
  CHECK_THAT(empty.err, Contains("End of input"));
  CHECK_THAT(empty.out, Contains("Nothing was answered yet"));
  // stdout is not the terminal here, so the advice is said on stderr too: never a bare
  // level when the red flags are unknown.
  CHECK_THAT(empty.err, Contains("cannot say how urgent this is: it could be EMERGENCY"));
  CHECK_THAT(empty.err, !Contains("ROUTINE"));
  const Run dunno = run_spotcheck({"ask", "--age", "7"}, "?\n?\n");
  CHECK_THAT(dunno.err, Contains("Could be EMERGENCY: other answers could make this more urgent"));
  const Run r = run_spotcheck({"ask", "--json", "--age", "4", "--no-unwell"}, "");
  const json result = json::parse(r.out);
  CHECK(result["answers"] == json{{"age", 4}, {"unwell", false}});
  // Starting answers are not asked.
  const Run more = run_spotcheck({"ask", "--no-unwell"}, repeat("?\n", 30));
  for (const std::string& q : questions(more.err)) CHECK(q != question("unwell"));
  CHECK_THAT(more.err, !Contains("feeling very unwell"));  // nor in a screen's list
}

TEST_CASE("ask --max-questions ends the interview after N questions", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--max-questions", "2"}, "n\n30\n" + repeat("none\n", 10));
  CHECK(r.status == 0);
  CHECK(questions(r.err).size() == 2);
  CHECK_THAT(r.err, Contains("Stopped after 2 questions (--max-questions)."));
}

TEST_CASE("quit stops with the result so far", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--json"}, "n\nquit\nn\n");
  CHECK(questions(r.err).size() == 2);
  CHECK_THAT(r.err, Contains("Stopped: the result from the answers so far."));
  CHECK(json::parse(r.out)["answers"] == json{{"blanching", false}});
}

TEST_CASE("the saved case and the query line replay to the identical result", "[cli][ask]") {
  const auto dir = temp_dir("save");
  const auto saved = dir / "case.json";
  // Some "no", some "don't know", and an age with a unit (0.4999... years, not 0.5): the
  // replay must be exact. The engine says which question comes when.
  std::string input;
  {
    spotcheck::Interview interview(kb(), spotcheck::Case(kb()));
    for (int i = 0; i < 20; ++i) {
      const auto q = interview.next();
      if (!q) break;
      const auto& f = kb().findings()[q->finding];
      if (q->screen != spotcheck::QuestionValue::kNoScreen) {
        // Screens: "?" (each member then asked alone), "none", and a yes with "?" to one
        // that is not an emergency alone (the headache).
        const auto headache = std::find(q->members.begin(), q->members.end(), id("headache"));
        if (headache != q->members.end()) {
          const auto k = static_cast<std::size_t>(headache - q->members.begin());
          input += std::to_string(k + 1) + " ?\n";
          interview.answer_screen(*q, {k}, true);
        } else if (i % 2 == 0) {
          input += "?\n";
          interview.pass_screen(*q);
        } else {
          input += "none\n";
          interview.answer_screen(*q, {});
        }
      } else if (f.id == "age") {
        input += "6m\n";
        interview.answer(q->finding, 6 * 0.0833333333333333);
      } else if (f.type == spotcheck::FindingType::kBool && i % 3 != 0) {
        input += "n\n";
        interview.answer(q->finding, 0);
      } else {
        input += "?\n";
        interview.answer(q->finding, std::nan(""));
      }
    }
    REQUIRE(interview.answers().known(id("age")));
  }
  const Run asked = run_spotcheck({"ask", "--json", "--save", saved.string()}, input);
  INFO(asked.err);
  REQUIRE(asked.status == 0);
  CHECK_THAT(asked.err, Contains("Answers saved to"));
  const std::string text = read(saved);
  CHECK(json::parse(text) == json::parse(asked.out)["answers"]);

  // query with the saved case, and batch with it as one NDJSON line: identical results.
  const Run query = run_spotcheck({"query", "--json", saved.string()});
  CHECK(query.out == asked.out);
  const Run batch = run_spotcheck({"batch", "-q", "--fields",
                                   "schema_version,id,answers,lesion,contradictions,triage,causes,"
                                   "next_questions,kb",
                                   saved.string()});
  CHECK(batch.status == 0);
  CHECK(json::parse(batch.out) == json::parse(asked.out));

  // The printed query line, run, gives the same result too.
  const std::string marker = "The same result again: spotcheck ";
  const auto at = asked.err.find(marker);
  REQUIRE(at != std::string::npos);
  std::istringstream words(
      asked.err.substr(at + marker.size(), asked.err.find('\n', at) - at - marker.size()));
  std::vector<std::string> args;
  for (std::string w; words >> w;) args.push_back(w);
  CHECK_THAT(asked.err, Contains("--age 6m"));
  args.emplace_back("--json");
  CHECK(run_spotcheck(args).out == asked.out);

  // The text result of ask is that of query as well.
  const Run text_ask = run_spotcheck({"ask"}, input);
  CHECK(text_ask.out == run_spotcheck({"query", saved.string()}).out);
  std::filesystem::remove_all(dir);
}

TEST_CASE("ask --report writes the same page as query --report for the same answers",
          "[cli][ask][report]") {
  const auto dir = temp_dir("report");
  const std::vector<std::string> epoch{"SOURCE_DATE_EPOCH=86400"};
  const Run asked = run_spotcheck(
      {"ask", "--save", (dir / "case.json").string(), "--report", (dir / "ask.html").string()},
      "n\n4\nnone\nn\n", epoch);
  INFO(asked.err);
  REQUIRE(asked.status == 0);
  CHECK_THAT(asked.err, Contains("Report for a doctor written to"));
  const Run query = run_spotcheck(
      {"query", (dir / "case.json").string(), "--report", (dir / "query.html").string()}, "",
      epoch);
  REQUIRE(query.status == 0);
  CHECK(query.out == asked.out);  // stdout stays the result: the report goes to its file
  const std::string page = read(dir / "ask.html");
  CHECK(page == read(dir / "query.html"));
  CHECK_THAT(page, Contains("Written on 1970-01-02") && Contains("How old is the person?"));
  // A report that cannot be written: exit 74, for ask before any question.
  const Run bad = run_spotcheck({"ask", "--report", "/nonexistent-dir/r.html"}, "n\n");
  CHECK(bad.status == 74);
  CHECK(questions(bad.err).empty());
  CHECK(run_spotcheck({"query", "--age", "4", "--report", "/nonexistent-dir/r.html"}).status == 74);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a --save file that cannot be written fails before any question", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--save", "/nonexistent-dir/case.json"}, "n\n");
  CHECK(r.status == 74);
  CHECK(questions(r.err).empty());
  CHECK(r.out.empty());
}

TEST_CASE("ask refuses unknown flags with a suggestion", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--fevr"});
  CHECK(r.status == 64);
  CHECK_THAT(r.err, Contains("unknown flag '--fevr' (did you mean '--fever'?)"));
  CHECK(r.out.empty());
}
