// `spotcheck kb test` end to end: failures as FILE:LINE: ID: what differed, malformed lines
// with FILE:LINE:COLUMN and exit 65 without costing the others, coverage, stdin, JSON.
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_spotcheck.h"

using namespace spotcheck::test;
using Catch::Contains;
using Catch::StartsWith;
using nlohmann::json;

namespace {

const std::string kPass =
    R"({"case": {"id": "p1", "age": 3, "lesion": "petechiae", "fever": true, "blanching": false}, "triage": ["emergency"], "top3": ["infection"]})";
// A bruise after a knock in a well adult is not an emergency: this expectation fails.
const std::string kFail =
    R"({"case": {"id": "f1", "age": 30, "lesion": "ecchymosis", "recent_injury": true, "fever": false}, "triage": ["emergency"], "top3": null})";

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("spotcheck-kbtest-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace

TEST_CASE("kb test: every case accepted exits 0 with totals", "[cli][kb_test]") {
  const std::string file = write_temp("pass.jsonl", kPass + "\n");
  const Run r = run_spotcheck({"kb", "test", file});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Contains("1 case: 1 passed, 0 failed, 0 malformed"));
  // Coverage gaps of a one-case file are reported, and do not fail without the flag.
  CHECK_THAT(r.out, Contains("rules never fired (not required: --require-coverage)"));
  CHECK_THAT(r.out, Contains("causes never in a top 3"));
  CHECK_THAT(r.out, Contains("\nok\n"));

  const Run strict = run_spotcheck({"kb", "test", "--require-coverage", file});
  CHECK(strict.status == 1);
  CHECK_THAT(strict.out, Contains("FAILED"));
  std::filesystem::remove(file);
}

TEST_CASE("kb test: a failing case is listed as FILE:LINE: ID: what differed", "[cli][kb_test]") {
  const std::string file = write_temp("fail.jsonl", kPass + "\n\n" + kFail + "\n");
  const Run r = run_spotcheck({"kb", "test", file});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, StartsWith(file + ":3: f1: triage: got ") &&
                        Contains("; accepted: emergency\n") &&
                        Contains("2 cases: 1 passed, 1 failed, 0 malformed"));
  std::filesystem::remove(file);
}

TEST_CASE("kb test: a malformed line is FILE:LINE:COLUMN, exit 65, and the rest still run",
          "[cli][kb_test]") {
  const std::string typo =
      R"({"case": {"id": "t1", "age": 3, "fevr": true}, "triage": ["emergency"]})";
  const std::string no_triage = R"({"case": {"id": "t2", "age": 3}})";
  const std::string hostile = std::string("{\"case\": \x1b[2J\x00\xff", 15);
  const std::string file = write_temp(
      "bad.jsonl", typo + "\n" + kFail + "\n" + no_triage + "\n" + hostile + "\n" + kPass);
  const Run r = run_spotcheck({"kb", "test", file});
  INFO(r.out << r.err);
  CHECK(r.status == 65);
  CHECK_THAT(r.err, Contains("spotcheck: error: " + file +
                             ":1:" + std::to_string(typo.find("\"fevr\"") + 1) +
                             ": unknown finding 'fevr' (did you mean 'fever'?)"));
  CHECK_THAT(r.err, Contains(file + ":3:1: missing 'triage'"));
  CHECK_THAT(r.err, Contains(file + ":4:") && Contains("invalid JSON"));
  CHECK(count_lines(r.err) == 3);
  CHECK(r.err.find('\x1b') == std::string::npos);  // hostile bytes never reach the terminal
  // The good and the failing lines kept their results.
  CHECK_THAT(r.out, Contains(file + ":2: f1: triage:"));
  CHECK_THAT(r.out, Contains("5 cases: 1 passed, 1 failed, 3 malformed"));
  std::filesystem::remove(file);
}

TEST_CASE("kb test: '-' reads stdin, CRLF files read as LF ones", "[cli][kb_test]") {
  const Run r = run_spotcheck({"kb", "test", "-"}, kPass + "\r\n" + kFail + "\r\n");
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, StartsWith("<stdin>:2: f1: triage: got "));
  CHECK(r.out.find('\r') == std::string::npos);
}

TEST_CASE("kb test: duplicate ids across files are malformed", "[cli][kb_test]") {
  const std::string a = write_temp("a.jsonl", kPass + "\n");
  const std::string b = write_temp("b.jsonl", kPass + "\n");
  const Run r = run_spotcheck({"kb", "test", a, b});
  INFO(r.out << r.err);
  CHECK(r.status == 65);
  CHECK_THAT(r.err,
             Contains(b + ":1:") && Contains("duplicate case id 'p1' (first at " + a + ":1)"));
  std::filesystem::remove(a);
  std::filesystem::remove(b);
}

TEST_CASE("kb test --json: counts, failures, errors and coverage", "[cli][kb_test]") {
  const Run r = run_spotcheck({"kb", "test", "--json", "-"},
                              kPass + "\n" + kFail + "\n" + "{\"case\": {}, \"triage\": []}\n");
  INFO(r.out << r.err);
  CHECK(r.status == 65);
  const json j = json::parse(r.out);
  CHECK(j["cases"] == 3);
  CHECK(j["passed"] == 1);
  CHECK(j["failed"] == 1);
  CHECK(j["malformed"] == 1);
  CHECK(j["ok"] == false);
  REQUIRE(j["failures"].size() == 1);
  CHECK(j["failures"][0]["file"] == "<stdin>");
  CHECK(j["failures"][0]["line"] == 2);
  CHECK(j["failures"][0]["id"] == "f1");
  CHECK(j["failures"][0]["mismatches"][0]["field"] == "triage");
  CHECK(j["failures"][0]["mismatches"][0]["expected"] == json::array({"emergency"}));
  REQUIRE(j["errors"].size() == 1);
  CHECK(j["errors"][0]["line"] == 3);
  CHECK(j["errors"][0]["column"] == 24);
  CHECK_FALSE(j["coverage"]["complete"].get<bool>());
  CHECK_FALSE(j["coverage"]["rules_never_fired"].empty());
  CHECK(j["kb"]["sha256"].get<std::string>().size() == 64);
}

TEST_CASE("kb test: no input, no cases, no file", "[cli][kb_test]") {
  const Run missing = run_spotcheck({"kb", "test", "/nonexistent/cases.jsonl"});
  CHECK(missing.status == 66);
  CHECK(missing.out.empty());
  CHECK(count_lines(missing.err) == 1);

  const Run empty = run_spotcheck({"kb", "test", "-"}, "\n  \n");
  CHECK(empty.status == 65);
  CHECK(empty.out.empty());
  CHECK_THAT(empty.err, Contains("no cases"));

  const Run none = run_spotcheck({"kb", "test"});
  CHECK(none.status == 64);
  CHECK(none.out.empty());

  const Run no_action = run_spotcheck({"kb"});
  CHECK(no_action.status == 64);
  CHECK_THAT(no_action.err, Contains("info, dump, validate or test"));
}

TEST_CASE("kb test --kb FILE tests that knowledge base", "[cli][kb_test]") {
  const std::string file = write_temp("kb.jsonl", kPass + "\n" + kFail + "\n");
  const Run built_in = run_spotcheck({"kb", "test", "--json", file});
  const Run from_file =
      run_spotcheck({"kb", "test", "--json", "--kb", SPOTCHECK_SOURCE_DIR "/data/kb.json", file});
  REQUIRE(from_file.status == built_in.status);
  json a = json::parse(built_in.out), b = json::parse(from_file.out);
  CHECK(a["failures"] == b["failures"]);
  CHECK(a["coverage"] == b["coverage"]);
  const Run broken = run_spotcheck({"kb", "test", "--kb", "/nonexistent.json", file});
  CHECK(broken.status == 66);
  std::filesystem::remove(file);
}
