// `spotcheck query --what-if FINDING=VALUE` end to end: the real result first and
// unchanged, the what-if after it and labelled hypothetical, the JSON `what_if` object,
// and usage errors for values the answer grammar refuses.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/knowledge_base.h>

#include "run_spotcheck.h"

using namespace spotcheck::test;
using Catch::Contains;
using Catch::EndsWith;
using nlohmann::json;

namespace {

const std::vector<std::string> kBruise{"query",      "--age",           "30",        "--lesion",
                                       "ecchymosis", "--recent-injury", "--no-fever"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

void check_usage_error(const std::vector<std::string>& what_if, const std::string& message) {
  std::vector<std::string> args = kBruise;
  for (const std::string& w : what_if) args.insert(args.end(), {"--what-if", w});
  const Run r = run_spotcheck(args);
  INFO(r.err);
  CHECK(r.status == 64);
  CHECK(r.out.empty());
  CHECK(count_lines(r.err) == 1);
  CHECK_THAT(r.err, Contains("spotcheck: error: --what-if") && Contains(message));
  CHECK(r.err.find('\x1b') == std::string::npos);
}

}  // namespace

TEST_CASE("query --what-if: the real result first and unchanged, then the hypothesis",
          "[cli][what_if]") {
  const Run plain = run_spotcheck(kBruise);
  const Run r = run_spotcheck(with(kBruise, {"--what-if", "fever=yes"}));
  INFO(r.out << r.err);
  REQUIRE(plain.status == 0);
  REQUIRE(r.status == 0);
  // Safety: the result for the answers given is written exactly as without --what-if.
  CHECK(r.out.substr(0, plain.out.size()) == plain.out);
  const std::string extra = r.out.substr(plain.out.size());
  CHECK_THAT(extra, Contains("What if (hypothetical, not your answers): fever=yes"));
  CHECK_THAT(extra, Contains("Advice would be:") && Contains("instead of SELF-CARE"));
  CHECK_THAT(extra, Contains("+ red_flag_fever"));
  CHECK_THAT(extra, Contains("The advice that applies is the one above"));
  // Every text result ends with the disclaimer, the what-if's too.
  CHECK_THAT(r.out, EndsWith(spotcheck::KnowledgeBase::embedded()->disclaimer() + "\n"));
}

TEST_CASE("query --what-if: less urgent only in the hypothesis, and said so", "[cli][what_if]") {
  const std::vector<std::string> febrile{"query",   "--age",    "30",
                                         "--fever", "--lesion", "petechiae"};
  const Run plain = run_spotcheck(febrile);
  const Run r =
      run_spotcheck(with(febrile, {"--what-if", "fever=no", "--what-if", "lesion=ecchymosis"}));
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.substr(0, plain.out.size()) == plain.out);
  CHECK_THAT(r.out, Contains("Only if those answers were true."));
  CHECK_THAT(r.out, Contains("- red_flag_fever"));
}

TEST_CASE("query --json --what-if adds what_if and leaves the result as it was", "[cli][what_if]") {
  const Run plain = run_spotcheck(with(kBruise, {"--json"}));
  const Run r =
      run_spotcheck(with(kBruise, {"--json", "--what-if", "fever=yes", "--what-if", "Age=2w"}));
  INFO(r.err);
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  REQUIRE(j.contains("what_if"));
  const json w = j["what_if"];
  j.erase("what_if");
  CHECK(j == json::parse(plain.out));
  CHECK(w["hypothetical"] == true);
  CHECK(w["answers"]["fever"] == true);
  CHECK(w["answers"]["age"].get<double>() < 0.05);
  CHECK(w["same_answers"] == false);
  CHECK(w["changed"] == true);
  CHECK(w["top"] == 5);
  CHECK(w["triage"]["level"]["before"] == j["triage"]["level"]);
  CHECK(w["triage"]["level"]["after"] == "emergency");
  CHECK(w["triage"]["possible_level"]["before"] == j["triage"]["possible_level"]);
  bool floor = false;
  for (const json& rule : w["rules"]) {
    CHECK(rule["fires_before"] != rule["fires_after"]);
    floor |= rule["rule"] == "red_flag_fever" && rule["fires_after"] == true;
  }
  CHECK(floor);
  for (const json& c : w["causes"]) {
    const std::string change = c["change"].get<std::string>();
    CHECK((change == "entered" || change == "rose" || change == "fell" || change == "left"));
    CHECK(c["rank_before"].is_null() == (change == "entered"));
    CHECK(c["rank_after"].is_null() == (change == "left"));
  }
}

TEST_CASE("query --what-if equal to the answer given: no change", "[cli][what_if]") {
  const Run r = run_spotcheck(with(kBruise, {"--what-if", "fever=no"}));
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("No change: these are already your answers."));
  const Run j = run_spotcheck(with(kBruise, {"--json", "--what-if", "recent-injury=y"}));
  REQUIRE(j.status == 0);
  const json w = json::parse(j.out)["what_if"];
  CHECK(w["same_answers"] == true);
  CHECK(w["changed"] == false);
  CHECK(w["causes"].empty());
  CHECK(w["rules"].empty());
}

TEST_CASE("query --what-if refuses what the answer grammar refuses", "[cli][what_if]") {
  check_usage_error({"fever"}, "expected FINDING=VALUE, e.g. 'fever=yes'");
  check_usage_error({"=yes"}, "no finding before '='");
  check_usage_error({"Fever=Maybe"}, "takes yes or no");
  check_usage_error({"fevr=yes"}, "(did you mean 'fever'?)");
  check_usage_error({"age=200"}, "age");
  check_usage_error({"lesion_type=purpura"}, "computed from other answers");
  check_usage_error({"fever=yes", "fever=no"}, "contradict each other");
  check_usage_error({std::string("\x1b[31mfever=yes")}, "unknown finding");
  // The flag's text is quoted as every message quotes input: escapes spelled out, cut short.
  check_usage_error({std::string("fe\x1bver=yes")}, "--what-if 'fe\\x1bver=yes': unknown");
  const Run huge = run_spotcheck(with(kBruise, {"--what-if", std::string(100000, 'x') + "=yes"}));
  CHECK(huge.status == 64);
  CHECK(huge.err.size() < 300);
  const Run missing = run_spotcheck(with(kBruise, {"--what-if"}));
  CHECK(missing.status == 64);
  CHECK(missing.out.empty());
}

TEST_CASE("query --what-if takes one value each time, and a case file after it", "[cli][what_if]") {
  const Run r = run_spotcheck({"query", "--json", "--what-if", "fever=yes", "-"},
                              R"({"age": 30, "lesion": "ecchymosis", "recent_injury": true})");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const json j = json::parse(r.out);
  CHECK(j["answers"]["age"] == 30);
  CHECK(j["what_if"]["answers"] == json{{"fever", true}});
}
