// Expectation lines (case_check.h): read strictly, with the column of each problem; checked
// against real results, each mismatch saying what was accepted and what came out; a suite
// of files with duplicate ids, CRLF, hostile bytes and coverage.
#include <catch2/catch.hpp>

#include <spotcheck/case_check.h>
#include <spotcheck/evaluator.h>

using namespace spotcheck;
using Catch::Contains;
using Status = LineReport::Status;

namespace {

const KnowledgeBase& kb() {
  return *KnowledgeBase::embedded();
}

std::optional<ExpectationError> read(std::string_view line) {
  CaseExpectation e(kb());
  return read_expectation(kb(), line, e);
}

// The column of the first occurrence of `what` in `line`, 1-based.
std::size_t column_of(std::string_view line, std::string_view what) {
  return line.find(what) + 1;
}

const std::string kChild =
    R"({"case": {"id": "c1", "age": 3, "lesion": "petechiae", "fever": true, "blanching": false}, )";

}  // namespace

TEST_CASE("a well-formed line reads into indices", "[case_check]") {
  CaseExpectation e(kb());
  const std::string line =
      kChild + R"("triage": ["emergency", "urgent"], "top3": ["infection"], )"
               R"("lesion": ["petechiae", "unknown"], "show": ["meningococcal_disease"],)"
               R"( "why": "NG143", "source": "NICE"})";
  REQUIRE_FALSE(read_expectation(kb(), line, e));
  CHECK(e.id == "c1");
  CHECK(e.id_column == column_of(line, "\"c1\""));
  CHECK(e.triage ==
        std::vector<std::size_t>{*kb().find_level("emergency"), *kb().find_level("urgent")});
  REQUIRE(e.top3.size() == 1);
  CHECK(kb().categories()[e.top3[0]].id == "infection");
  REQUIRE(e.lesion.size() == 2);
  CHECK(e.lesion[1] == -1);  // "unknown"
  CHECK(e.show == std::vector<std::size_t>{*kb().find_cause("meningococcal_disease")});
  CHECK(e.input.value(*kb().find_finding("age")) == 3);
  CHECK_FALSE(e.input.known(*kb().find_finding("stiff_neck")));
}

TEST_CASE("a typo in a finding name is reported at its column, with a hint", "[case_check]") {
  const std::string line =
      R"({"case": {"id": "t1", "age": 3, "fevr": true}, "triage": ["emergency"]})";
  const auto e = read(line);
  REQUIRE(e);
  CHECK_THAT(e->message, Contains("unknown finding 'fevr'") && Contains("did you mean 'fever'"));
  CHECK(e->column == column_of(line, "\"fevr\""));
}

TEST_CASE("a case value outside its range points at the value", "[case_check]") {
  const std::string line = R"({"triage": ["urgent"], "case": {"age": 200}})";
  const auto e = read(line);
  REQUIRE(e);
  CHECK_THAT(e->message, Contains("age"));
  CHECK(e->column >= column_of(line, "\"age\""));
  CHECK(e->column <= column_of(line, "200"));
}

TEST_CASE("typos in the expectation itself never turn a check off silently", "[case_check]") {
  struct Bad {
    std::string line, message, at;
  };
  const std::vector<Bad> bad = {
      {kChild + R"("tirage": ["emergency"]})", "unknown key 'tirage' (did you mean 'triage'?)",
       "[\"emergency\"]"},
      {kChild + R"("triage": ["emergency"], "shwo": ["itp"]})", "did you mean 'show'", "[\"itp\"]"},
      {kChild + R"("top3": ["infection"]})", "missing 'triage'", "{"},
      {kChild + R"("triage": ["emergncy"]})",
       "unknown triage level 'emergncy' in 'triage' (did you mean 'emergency'?)", "\"emergncy\""},
      {kChild + R"("triage": ["emergency"], "top3": ["infecton"]})", "did you mean 'infection'",
       "\"infecton\""},
      {kChild + R"("triage": ["emergency"], "show": ["meningococcal"]})",
       "unknown cause 'meningococcal'", "\"meningococcal\""},
      {kChild + R"("triage": ["emergency"], "lesion": ["bruise"]})", "unknown lesion type 'bruise'",
       "\"bruise\""},
      {kChild + R"("triage": "emergency"})", "must be an array", "\"emergency\"}"},
      {kChild + R"("triage": ["emergency", 3]})", "non-string", "3]"},
      {kChild + R"("triage": ["emergency"], "why": 7})", "'why' must be a string", "7}"},
      {R"({"triage": ["urgent"]})", "missing 'case'", "{"},
      {R"({"case": [1], "triage": ["urgent"]})", "'case' must be a JSON object", "[1]"},
      {R"(["case", "triage"])", "must be a JSON object", "["},
  };
  for (const Bad& b : bad) {
    INFO(b.line);
    const auto e = read(b.line);
    REQUIRE(e);
    CHECK_THAT(e->message, Contains(b.message));
    CHECK(e->column == column_of(b.line, b.at));
  }
}

TEST_CASE("an empty accepted list is an error, top3 null is 'not checked'", "[case_check]") {
  for (const char* field : {"triage", "top3", "lesion", "show"}) {
    const std::string line = kChild + R"("triage": ["emergency"], ")" + field + R"(": []})";
    INFO(line);
    // "triage" given twice when field is triage: a duplicate key, also an error.
    const auto e = read(line);
    REQUIRE(e);
    if (std::string(field) != "triage") CHECK_THAT(e->message, Contains("is empty"));
  }
  const auto empty_triage = read(kChild + R"("triage": []})");
  REQUIRE(empty_triage);
  CHECK_THAT(empty_triage->message, Contains("'triage' is empty"));

  CaseExpectation e(kb());
  REQUIRE_FALSE(read_expectation(kb(), kChild + R"("triage": ["emergency"], "top3": null})", e));
  CHECK(e.top3.empty());
  // Whatever the top 3 is, an unchecked top3 cannot fail.
  Evaluator ev(kb(), expectation_evaluation_options());
  CHECK(check_expectation(kb(), e, ev.evaluate(e.input)).empty());
}

TEST_CASE("what a message quotes of the input stays one short line", "[case_check]") {
  const std::string key =
      R"({"case": {}, "triage": ["urgent"], "\u001b[2J\n)" + std::string(300, 'k') + R"(": 1})";
  const auto e = read(key);
  REQUIRE(e);
  CHECK_THAT(e->message, Contains("unknown key '\\x1b[2J\\n"));
  CHECK(e->message.size() < 200);
  const auto id = read(R"({"case": {}, "triage": ["\u0007urgent"]})");
  REQUIRE(id);
  CHECK_THAT(id->message, Contains("unknown triage level '\\x07urgent'"));
  const auto token = read(std::string("{\"case\": tr\x7f\x01ue}"));
  REQUIRE(token);
  CHECK_THAT(token->message, Contains("tr\\x7f'"));
}

TEST_CASE("a NUL byte or a byte-order mark inside the file is not JSON", "[case_check]") {
  // nlohmann would stop at the NUL and call "0" valid, leaving the rest unchecked.
  const auto nul = read(std::string("0\0\0{\"case\": {}}", 16));
  REQUIRE(nul);
  CHECK(nul->column == 2);
  CHECK_THAT(nul->message, Contains("NUL"));
  const auto bom = read("\xEF\xBB\xBF" + kChild + R"("triage": ["emergency"]})");
  REQUIRE(bom);
  CHECK_THAT(bom->message, Contains("byte-order mark"));
}

TEST_CASE("deep nesting is refused before anything recursive reads it", "[case_check]") {
  const std::string line =
      R"({"case": {}, "triage": )" + std::string(5000, '[') + std::string(5000, ']') + "}";
  const auto e = read(line);
  REQUIRE(e);
  CHECK_THAT(e->message, Contains("nesting deeper than"));
  CHECK(e->column > column_of(line, "["));
}

TEST_CASE("a key given twice is an error, not the last one silently", "[case_check]") {
  const std::string line = kChild + R"("triage": ["self_care"], "triage": ["emergency"]})";
  const auto e = read(line);
  REQUIRE(e);
  CHECK_THAT(e->message, Contains("triage"));
  CHECK(e->column > column_of(line, "\"triage\""));
}

TEST_CASE("each mismatch says what was accepted and what the result had", "[case_check]") {
  CaseExpectation e(kb());
  REQUIRE_FALSE(read_expectation(kb(),
                                 kChild + R"("triage": ["self_care"], "top3": ["aging"], )"
                                          R"("lesion": ["ecchymosis"], "show": ["ttp"]})",
                                 e));
  Evaluator ev(kb(), expectation_evaluation_options());
  const Result& r = ev.evaluate(e.input);
  const auto mismatches = check_expectation(kb(), e, r);
  REQUIRE(mismatches.size() == 4);
  CHECK(mismatches[0].field == CheckedField::kTriage);
  CHECK(mismatches[0].got == std::vector<std::string>{kb().triage_levels()[r.triage_level].id});
  CHECK(mismatches[0].expected == std::vector<std::string>{"self_care"});
  CHECK(describe(mismatches[0]) ==
        "triage: got " + kb().triage_levels()[r.triage_level].id + "; accepted: self_care");
  CHECK(mismatches[1].field == CheckedField::kTop3);
  REQUIRE(mismatches[1].got.size() == 3);
  const Cause& first = kb().causes()[r.causes[0].cause];
  CHECK(mismatches[1].got[0] == first.id + " (" + kb().categories()[first.category].id + ")");
  CHECK_THAT(describe(mismatches[1]), Contains("accepted categories: aging"));
  CHECK(mismatches[2].field == CheckedField::kLesion);
  CHECK(mismatches[2].got == std::vector<std::string>{"petechiae"});
  CHECK(mismatches[3].field == CheckedField::kShow);
  CHECK(mismatches[3].got.size() == kExpectShownCauses);
  CHECK(checked_field_name(mismatches[3].field) == "show");

  // The same case with its real answers accepted passes.
  CaseExpectation ok(kb());
  REQUIRE_FALSE(read_expectation(kb(),
                                 kChild + R"("triage": [")" +
                                     kb().triage_levels()[r.triage_level].id + R"("], "top3": [")" +
                                     kb().categories()[first.category].id + R"("], "show": [")" +
                                     kb().causes()[r.causes[4].cause].id + R"("]})",
                                 ok));
  CHECK(check_expectation(kb(), ok, ev.evaluate(ok.input)).empty());
}

TEST_CASE("a suite reports each line, and a bad line costs no other its result", "[case_check]") {
  ExpectationSuite suite(kb());
  const std::string good = kChild + R"("triage": ["emergency"]})";
  const std::string text =
      good + "\n\n" +                                 // line 1, blank 2
      std::string("\x00\xff{\x1b[31m\"", 8) + "\n" +  // 3: hostile bytes
      std::string(100000, '[') + "\n" +               // 4: deep nesting
      R"({"case": {"id": "c2", "age": 30, "lesion": "ecchymosis", )"
      R"("recent_injury": true}, "triage": ["emergency"]})" +
      "\n" +       // 5: fails
      "   \t\n" +  // 6: blank
      R"({"case": {"id": "c3", "age": 40}, "triage": ["emergency", "urgent", "routine", "self_care"]})";
  const auto reports = suite.check_text(text, "a.jsonl");
  REQUIRE(reports.size() == 5);
  CHECK(reports[0].line == 1);
  CHECK(reports[0].status == Status::kPassed);
  CHECK(reports[1].line == 3);
  CHECK(reports[1].status == Status::kMalformed);
  CHECK_THAT(reports[1].error.message, Contains("invalid JSON"));
  for (const char c : reports[1].error.message)  // the bytes quoted back are escaped
    CHECK((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f));
  CHECK(reports[1].error.column >= 1);
  CHECK(reports[2].line == 4);
  CHECK(reports[2].status == Status::kMalformed);
  CHECK_THAT(reports[2].error.message, Contains("invalid JSON"));  // never closed
  CHECK(reports[3].line == 5);
  CHECK(reports[3].status == Status::kFailed);
  CHECK(reports[3].id == "c2");
  REQUIRE(reports[3].mismatches.size() == 1);
  CHECK(reports[3].mismatches[0].field == CheckedField::kTriage);
  CHECK(reports[4].line == 7);
  CHECK(reports[4].status == Status::kPassed);
  CHECK(suite.count(Status::kPassed) == 2);
  CHECK(suite.count(Status::kFailed) == 1);
  CHECK(suite.count(Status::kMalformed) == 2);
}

TEST_CASE("a case id seen before, in this file or another, is malformed", "[case_check]") {
  ExpectationSuite suite(kb());
  const std::string line = kChild + R"("triage": ["emergency"]})";
  const auto first = suite.check_text(line + "\n" + line + "\n", "a.jsonl");
  REQUIRE(first.size() == 2);
  CHECK(first[0].status == Status::kPassed);
  CHECK(first[1].status == Status::kMalformed);
  CHECK(first[1].error.message == "duplicate case id 'c1' (first at a.jsonl:1)");
  CHECK(first[1].error.column == column_of(line, "\"c1\""));
  const auto second = suite.check_text(line, "b.jsonl");
  REQUIRE(second.size() == 1);
  CHECK_THAT(second[0].error.message, Contains("first at a.jsonl:1"));
  // Cases without an id are never duplicates of each other.
  const std::string anonymous =
      R"({"case": {"age": 3}, "triage": ["emergency", "urgent", "routine"]})";
  for (const LineReport& r : suite.check_text(anonymous + "\n" + anonymous, "c.jsonl"))
    CHECK(r.status != Status::kMalformed);
}

TEST_CASE("a CRLF file with a byte-order mark reads as the LF one", "[case_check]") {
  const std::string a = kChild + R"("triage": ["emergency"]})";
  const std::string b =
      R"({"case": {"id": "c2", "age": 30, "lesion": "ecchymosis"}, "triage": ["self_care"]})";
  ExpectationSuite lf(kb()), crlf(kb());
  const auto plain = lf.check_text(a + "\n" + b + "\n", "lf.jsonl");
  const auto dos = crlf.check_text("\xEF\xBB\xBF" + a + "\r\n\r\n" + b + "\r\n", "crlf.jsonl");
  REQUIRE(plain.size() == 2);
  REQUIRE(dos.size() == 2);
  CHECK(dos[0].status == Status::kPassed);
  CHECK(dos[1].line == 3);
  CHECK(dos[1].status == plain[1].status);
  REQUIRE(dos[1].mismatches.size() == plain[1].mismatches.size());
  for (std::size_t i = 0; i < dos[1].mismatches.size(); ++i)
    CHECK(describe(dos[1].mismatches[i]) == describe(plain[1].mismatches[i]));
}

TEST_CASE("coverage names the rules no case fired and the causes never in a top 3",
          "[case_check]") {
  SuiteCoverage coverage(kb());
  CHECK(coverage.rules_never_fired().size() == kb().triage_rules().size());
  CHECK(coverage.causes_never_in_top3().size() == kb().causes().size());
  Case c(kb());
  c.set(*kb().find_finding("age"), 3);
  c.set_bool(*kb().find_finding("fever"), true);
  Evaluator ev(kb(), expectation_evaluation_options());
  const Result& r = ev.evaluate(c);
  coverage.add(r);
  const auto never = coverage.rules_never_fired();
  CHECK(never.size() == kb().triage_rules().size() - r.fired.size());
  for (const std::size_t rule : r.fired)
    CHECK(std::find(never.begin(), never.end(), rule) == never.end());
  const auto causes = coverage.causes_never_in_top3();
  CHECK(causes.size() == kb().causes().size() - kExpectTopCauses);
  CHECK(std::find(causes.begin(), causes.end(), r.causes[0].cause) == causes.end());
  CHECK(std::find(causes.begin(), causes.end(), r.causes[3].cause) != causes.end());
}
