// End-to-end: the built binary with `--kb data/examples/nosebleeds/kb.json`. Every command
// works on a knowledge base about another complaint, with three levels of its own and no
// lesion finding, and nothing the program says around the knowledge base's texts is about
// red spots.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "read_all.h"
#include "run_spotcheck.h"

using Catch::Matchers::Contains;
using nlohmann::json;
using spotcheck::test::Run;
using spotcheck::test::run_spotcheck;

namespace {

const std::string kKb = SPOTCHECK_SOURCE_DIR "/data/examples/nosebleeds/kb.json";
const std::string kCases = SPOTCHECK_SOURCE_DIR "/data/examples/nosebleeds/cases.jsonl";

using spotcheck::test::read_file;

// Words of the built-in knowledge base's complaint that must not appear around another's.
void check_no_spot_words(const std::string& text) {
  CHECK_THAT(text, !Contains("Lesion type") && !Contains("Kind of spot") && !Contains("glass") &&
                       !Contains("petechiae") && !Contains("under the skin"));
}

}  // namespace

TEST_CASE("query --kb answers from the nosebleed knowledge base", "[cli][example_kb]") {
  const Run text = run_spotcheck(
      {"query", "--kb", kKb, "--age", "7", "--bleeding-now", "--bleeding-minutes", "5"});
  INFO(text.err);
  REQUIRE(text.status == 0);
  CHECK_THAT(text.out, Contains("FIRST AID AT HOME") && Contains("Could be A&E NOW"));
  check_no_spot_words(text.out);

  const Run js = run_spotcheck({"query", "--kb", kKb, "--json", "--age", "72", "--anticoagulant",
                                "--bleeding-now", "--bleeding-minutes", "12 min"});
  REQUIRE(js.status == 0);
  const json r = json::parse(js.out);
  CHECK(r["triage"]["level"] == "a_and_e");
  CHECK_FALSE(r.contains("lesion"));  // no lesion finding, no lesion object
  CHECK(r["causes"][0]["id"] == "blood_thinner");

  // A flag of the built-in knowledge base is not one of this one's: a usage error.
  const Run other = run_spotcheck({"query", "--kb", kKb, "--size-mm", "4"});
  CHECK(other.status == 64);
  CHECK_THAT(other.err, Contains("--size-mm"));
}

TEST_CASE("the level's colour comes from the knowledge base", "[cli][example_kb]") {
  // see_gp is the second of three levels and yellow in the file (the built-in's second
  // level is red): the colour follows the data, not the position.
  const Run r = run_spotcheck({"query", "--kb", kKb, "--color", "always", "--age", "1.5"});
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("\x1b[1;33m SEE A GP \x1b[0m"));
}

TEST_CASE("batch --kb gives every case of cases.jsonl an accepted level", "[cli][example_kb]") {
  std::string input, messy;
  std::vector<json> expected;
  std::istringstream lines(read_file(kCases));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    expected.push_back(json::parse(line));
    input += expected.back()["case"].dump() + "\n";
  }
  REQUIRE(expected.size() >= 20);
  // One broken line among them: an error record for it, the others still answered.
  input += "{\"id\": \"bad\", \"bleeding_minutes\": \"ages\"}\n";
  const Run r = run_spotcheck({"batch", "--kb", kKb}, input);
  INFO(r.err);
  CHECK(r.status == 65);
  std::istringstream out(r.out);
  std::size_t n = 0;
  for (std::string line; std::getline(out, line); ++n) {
    const json result = json::parse(line);
    if (n == expected.size()) {
      CHECK(result.contains("error"));
      continue;
    }
    INFO(expected[n].dump());
    REQUIRE(n < expected.size());
    CHECK(result["id"] == expected[n]["case"]["id"]);
    const std::string level = result["triage"]["level"].get<std::string>();
    CHECK(std::count(expected[n]["triage"].begin(), expected[n]["triage"].end(), json(level)) == 1);
    CHECK_FALSE(result.contains("lesion"));
  }
  CHECK(n == expected.size() + 1);
}

TEST_CASE("ask --kb interviews about the nosebleed from piped answers", "[cli][example_kb]") {
  // Nonsense is asked again; then '1' (the first sign of the file's danger screen, or a yes
  // to a yes/no question) and yes to the rest: a red flag ends the interview at the most
  // urgent level of this knowledge base.
  std::string answers = "maybe\n\x01\n1\n";
  for (int i = 0; i < 40; ++i) answers += "y\n";
  const Run r = run_spotcheck({"ask", "--kb", kKb}, answers);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.err, Contains("questions about the nosebleed") && Contains("'maybe'") &&
                        Contains("Does any of these apply now?"));
  CHECK_THAT(r.out, Contains("A&E NOW"));
  check_no_spot_words(r.err + r.out);
  CHECK_THAT(r.err, Contains("spotcheck query --kb " + kKb));
}

TEST_CASE("help, report, list, explain and kb read the example's own words", "[cli][example_kb]") {
  const Run help = run_spotcheck({"--kb", kKb, "--help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.out, Contains("spotcheck: what to do about a nosebleed"));
  CHECK_THAT(help.out, !Contains("red spots"));

  const std::string page =
      (std::filesystem::temp_directory_path() / "spotcheck-example-kb-report.html").string();
  const Run report = run_spotcheck({"query", "--kb", kKb, "--age", "1.5", "--report", page});
  REQUIRE(report.status == 0);
  const std::string html = read_file(page);
  std::filesystem::remove(page);
  CHECK_THAT(html, Contains("<h1>Nosebleed: notes to show a doctor</h1>"));
  check_no_spot_words(html);

  const Run explain = run_spotcheck({"explain", "--kb", kKb, "hht"});
  CHECK(explain.status == 0);
  CHECK_THAT(explain.out, Contains("Hereditary haemorrhagic telangiectasia"));

  const Run list = run_spotcheck({"list", "--kb", kKb, "findings", "--json"});
  REQUIRE(list.status == 0);
  CHECK(json::parse(list.out).size() == 29);

  const Run info = run_spotcheck({"kb", "info", "--kb", kKb, "--json"});
  REQUIRE(info.status == 0);
  CHECK(json::parse(info.out)["name"] == "spotcheck-nosebleeds-example");
  const Run dump = run_spotcheck({"kb", "dump", "--kb", kKb});
  CHECK(dump.out == read_file(kKb));
}

TEST_CASE("kb validate and kb test accept the example, every rule and cause covered",
          "[cli][example_kb]") {
  const Run validate = run_spotcheck({"kb", "validate", kKb});
  INFO(validate.out << validate.err);
  CHECK(validate.status == 0);
  CHECK_THAT(validate.out + validate.err, Contains("0 errors, 0 warnings"));

  const Run test = run_spotcheck({"kb", "test", "--kb", kKb, "--require-coverage", kCases});
  INFO(test.out << test.err);
  CHECK(test.status == 0);

  // A wrong expectation (a button battery looked after at home) fails, naming the case;
  // a line with a misspelt key is malformed and named too.
  const std::string wrong =
      R"({"case": {"id": "w1", "age": 3, "button_battery": true}, "triage": ["home_care"]})"
      "\n"
      R"({"case": {"id": "w2", "age": 3}, "tirage": ["see_gp"]})"
      "\n";
  const Run failed = run_spotcheck({"kb", "test", "--kb", kKb, "-"}, wrong);
  INFO(failed.out << failed.err);
  CHECK(failed.status != 0);
  CHECK_THAT(failed.out + failed.err, Contains("w1") && Contains("tirage"));
}
