// The one answer grammar (answer.h): every spelling people use, and a clear problem with
// its code for everything else, messy input included.
#include <cmath>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <spotcheck/answer.h>

using namespace spotcheck;
using Catch::Contains;

namespace {

const KnowledgeBase& kb() {
  return *KnowledgeBase::embedded();
}

std::size_t id(const char* name) {
  return *kb().find_finding(name);
}

// The value read, or the problem's code name and message as "code: message".
std::string read(const char* finding, std::string_view text) {
  double value = -12345;
  if (auto p = parse_answer(kb(), id(finding), text, finding, value))
    return std::string(answer_error_name(p->code)) + ": " + p->message;
  return std::isnan(value) ? "unknown" : fmt::format("{}", value);
}

}  // namespace

TEST_CASE("yes/no answers in every spelling, and unknown", "[answer]") {
  for (const char* yes : {"yes", "YES", " y ", "true", "True", "1", "Y\t"})
    CHECK(read("fever", yes) == "1");
  for (const char* no : {"no", "No", "n", "false", "FALSE", "0", " n\r\n"})
    CHECK(read("fever", no) == "0");
  for (const char* unknown : {"", "  ", "unknown", "?", "null", "Don't know", "not sure"})
    CHECK(read("fever", unknown) == "unknown");
  CHECK_THAT(read("fever", "maybe"), Contains("wrong_type: 'fever' takes yes or no"));
  CHECK_THAT(read("fever", "2"), Contains("wrong_type"));
  CHECK_THAT(read("fever", "yess"), Contains("wrong_type"));
}

TEST_CASE("numbers: one grammar, with units and range", "[answer]") {
  CHECK(read("age", "7") == "7");
  CHECK(read("age", "+5") == "5");
  CHECK(read("age", ".5") == "0.5");
  CHECK(read("age", "2.5e1") == "25");
  CHECK(read("age", " 40 ") == "40");
  // Ages in months, weeks and days; sizes in cm.
  CHECK(read("age", "6m") == fmt::format("{}", 6 * 0.0833333333333333));
  CHECK(read("age", "2 w") == fmt::format("{}", 2 * 0.0191780821917808));
  CHECK(read("age", "18 Months") == fmt::format("{}", 18 * 0.0833333333333333));
  CHECK(read("size_mm", "1.5cm") == "15");
  CHECK(read("size_mm", "4 mm") == "4");
  // Not numbers: a clear wrong_type naming the units that are understood.
  for (const char* bad :
       {"seven", "0x10", "1,5", "--3", "e5", ".", "inf", "nan", "7 parsecs", "3e"})
    CHECK_THAT(read("age", bad), Contains("wrong_type: 'age' takes a number"));
  CHECK_THAT(read("age", "6x"),
             Contains("or with a unit: ") && Contains(" months,") && Contains(" w,"));
  // Out of range, after conversion: the message says what it was taken as.
  CHECK_THAT(read("age", "-3"), Contains("out_of_range: 'age' must be between 0 and 130"));
  CHECK_THAT(read("age", "1e309"), Contains("out_of_range"));
  CHECK_THAT(read("age", "2000 months"), Contains("out_of_range") && Contains("166.7 years"));
  CHECK_THAT(read("size_mm", "0"), Contains("out_of_range"));
}

TEST_CASE("choices by name, in any case and with dashes or spaces, or by number", "[answer]") {
  CHECK(read("lesion", "purpura") == "1");
  CHECK(read("lesion", "PURPURA") == "1");
  CHECK(read("location", "arms-hands") == "1");
  CHECK(read("location", "Arms hands") == "1");
  CHECK(read("location", "3") == "2");
  CHECK_THAT(read("location", "7"), Contains("unknown_choice"));
  CHECK_THAT(read("location", "0"), Contains("unknown_choice"));
  CHECK_THAT(read("lesion", "purpra"),
             Contains("unknown_choice: 'purpra' is not a choice for 'lesion' (did you mean "
                      "'purpura'?)"));
}

TEST_CASE("finding names in any case and with dashes, unknown names get one hint style",
          "[answer]") {
  CHECK(find_finding_named(kb(), "stiff_neck") == id("stiff_neck"));
  CHECK(find_finding_named(kb(), "Stiff-Neck") == id("stiff_neck"));
  CHECK(find_finding_named(kb(), "STIFF NECK") == id("stiff_neck"));
  CHECK_FALSE(find_finding_named(kb(), "stiffneck"));
  const AnswerProblem p = finding_name_problem(kb(), "fevr");
  CHECK(p.code == AnswerError::kUnknownFinding);
  CHECK(p.message == "unknown finding 'fevr' (did you mean 'fever'?)");
  CHECK(finding_name_problem(kb(), "lesion_type").code == AnswerError::kDerivedFinding);
}

TEST_CASE("hostile answers: long, binary or huge, answered at once", "[answer]") {
  // A megabyte of unknown name or answer is one clear problem, not a minute of hinting.
  const std::string huge(1 << 20, 'x');
  CHECK(finding_name_problem(kb(), huge).code == AnswerError::kUnknownFinding);
  CHECK_THAT(read("location", huge), Contains("unknown_choice"));
  CHECK_THAT(read("age", huge), Contains("wrong_type"));
  CHECK_THAT(read("fever", std::string("y\0es", 4)), Contains("wrong_type"));
  CHECK_THAT(read("age", std::string(400, '9')), Contains("out_of_range"));
  CHECK_THAT(read("age", "\xff\xfe"), Contains("wrong_type"));
}

TEST_CASE("every error code has its contract name", "[answer]") {
  CHECK(answer_error_name(AnswerError::kUnknownFinding) == "unknown_finding");
  CHECK(answer_error_name(AnswerError::kDerivedFinding) == "derived_finding");
  CHECK(answer_error_name(AnswerError::kWrongType) == "wrong_type");
  CHECK(answer_error_name(AnswerError::kOutOfRange) == "out_of_range");
  CHECK(answer_error_name(AnswerError::kUnknownChoice) == "unknown_choice");
}

TEST_CASE("input quoted in a message is short, one line and the same on every path",
          "[answer]") {
  CHECK(quote_for_message("fevr") == "fevr");
  CHECK(quote_for_message("a\nb\tc\rd\x1b[31m\x7f") == "a\\nb\\tc\\rd\\x1b[31m\\x7f");
  CHECK(quote_for_message(std::string(1 << 20, 'x')) == std::string(40, 'x') + "...");
  // Cut at a character boundary: 39 bytes, then a two-byte character across byte 40.
  CHECK(quote_for_message(std::string(39, 'a') + "\xc3\xa9z") == std::string(39, 'a') + "...");
  // The answer grammar quotes a bad answer the same way.
  const std::string cell = "y\nes" + std::string(100, 'q');
  CHECK_THAT(read("fever", cell), Contains(fmt::format("'{}'", quote_for_message(cell))));
}
