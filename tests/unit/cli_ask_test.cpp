// `spotcheck ask` end to end, with answers piped in as a person or a script would type
// them: the questions and their order, the stop at an emergency, why, back, skip, help,
// bad answers asked again, messy input, the end of input, and a saved case that replays
// to the identical result through query and batch.
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

// The questions the engine would ask when every answer is "don't know".
std::vector<std::string> expected_unknown_order(std::size_t n) {
  spotcheck::Interview interview(kb(), spotcheck::Case(kb()));
  std::vector<std::string> out;
  while (out.size() < n) {
    const auto q = interview.next();
    if (!q) break;
    out.push_back(kb().findings()[q->finding].question);
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
  CHECK(asked[0] == question("unwell"));
  CHECK_THAT(r.err, Contains("End of input: the result from the answers so far."));
  // stdout is the result only: no question is there.
  CHECK(questions(r.out).empty());
  CHECK_THAT(r.out, Contains("Educational information, not a diagnosis."));
}

TEST_CASE("ask stops at the first emergency and gives the emergency advice first", "[cli][ask]") {
  const Run r = run_spotcheck({"ask"}, "y\nn\nn\n");
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(questions(r.err).size() == 1);
  CHECK_THAT(r.err,
             Contains("EMERGENCY: Call the emergency number") && Contains("No more questions."));
  CHECK_THAT(r.out, StartsWith(" EMERGENCY "));
  CHECK_THAT(r.err, Contains("The same result again: spotcheck query --unwell"));
}

TEST_CASE("why explains the question, which is then asked again", "[cli][ask]") {
  const Run r = run_spotcheck({"ask"}, "why\nn\n");
  INFO(r.err);
  const auto asked = questions(r.err);
  REQUIRE(asked.size() >= 2);
  CHECK(asked[0] == question("unwell"));
  CHECK(asked[1] == question("unwell"));
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
  CHECK_THAT(r.err, Contains("It comes before \"" + question("fever") + "\""));
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
  REQUIRE(asked.size() == 3);
  CHECK(asked[0] == question("unwell"));
  CHECK(asked[2] == question("unwell"));
  CHECK_THAT(r.err, Contains("Back to the previous question."));
  const json result = json::parse(r.out);
  CHECK(result["answers"] == json{{"unwell", true}});
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
  CHECK(asked.front() == question("unwell"));
  CHECK(asked.back() == question("unwell"));
  CHECK(std::count(asked.begin(), asked.end(), question("unwell")) == 2);
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
  // Blank lines are not answers; "pause" and "yse" are explained and the second question
  // repeated; then YES answers it and the third is asked as the input ends.
  REQUIRE(asked.size() == 5);
  CHECK(asked[0] == question("unwell"));
  CHECK(asked[1] == asked[2]);
  CHECK(asked[2] == asked[3]);
  CHECK(asked[4] != asked[3]);
  CHECK_THAT(r.err, Contains("not 'pause'") && Contains("did you mean 'yes'?"));
  const json result = json::parse(r.out);
  CHECK(result["answers"]["unwell"] == false);
  CHECK(result["answers"].size() == 2);
}

TEST_CASE("end of input at once gives the result of the starting answers", "[cli][ask]") {
  const Run empty = run_spotcheck({"ask"}, "");
  CHECK(empty.status == 0);
  CHECK_THAT(empty.err, Contains("End of input"));
  CHECK_THAT(empty.out, Contains("Nothing was answered yet"));
  const Run r = run_spotcheck({"ask", "--json", "--age", "4", "--no-unwell"}, "");
  const json result = json::parse(r.out);
  CHECK(result["answers"] == json{{"age", 4}, {"unwell", false}});
  // Starting answers are not asked.
  const Run more = run_spotcheck({"ask", "--no-unwell"}, repeat("?\n", 30));
  for (const std::string& q : questions(more.err)) CHECK(q != question("unwell"));
}

TEST_CASE("ask --max-questions ends the interview after N questions", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--max-questions", "2"}, repeat("n\n", 10));
  CHECK(r.status == 0);
  CHECK(questions(r.err).size() == 2);
  CHECK_THAT(r.err, Contains("Stopped after 2 questions (--max-questions)."));
}

TEST_CASE("quit stops with the result so far", "[cli][ask]") {
  const Run r = run_spotcheck({"ask", "--json"}, "n\nquit\nn\n");
  CHECK(questions(r.err).size() == 2);
  CHECK_THAT(r.err, Contains("Stopped: the result from the answers so far."));
  CHECK(json::parse(r.out)["answers"] == json{{"unwell", false}});
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
      REQUIRE(q);
      const auto& f = kb().findings()[q->finding];
      if (f.id == "age") {
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
      "n\n?\nn\nn\n4\n", epoch);
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
