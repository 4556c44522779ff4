// Reading one case (docs/contract.md section 5): values, unknowns, and a clear error with its
// position for each kind of bad input.
#include <charconv>
#include <random>

#include <catch2/catch.hpp>

#include <spotcheck/case.h>

using namespace spotcheck;
using Catch::Contains;

namespace {

const KnowledgeBase& kb() {
  return *KnowledgeBase::embedded();
}

CaseError error_for(std::string_view json) {
  Case c(kb());
  const auto e = read_case(kb(), json, c);
  REQUIRE(e.has_value());
  return *e;
}

}  // namespace

TEST_CASE("a valid case sets each finding and leaves the rest unknown", "[case]") {
  Case c(kb());
  REQUIRE_FALSE(read_case(kb(), R"({"id": "c1", "age": 4.5, "lesion": "petechiae", "fever": true,
                                   "blanching": false, "palpable": null})",
                          c));
  CHECK(c.id_json == "\"c1\"");
  CHECK(c.value(*kb().find_finding("age")) == 4.5);
  CHECK(c.value(*kb().find_finding("lesion")) == 0);
  CHECK(c.value(*kb().find_finding("fever")) == 1);
  CHECK(c.value(*kb().find_finding("blanching")) == 0);
  CHECK_FALSE(c.known(*kb().find_finding("palpable")));
  CHECK_FALSE(c.known(*kb().find_finding("chills")));
}

TEST_CASE("ids may be strings or numbers and are echoed as JSON", "[case]") {
  Case c(kb());
  REQUIRE_FALSE(read_case(kb(), R"({"id": 42})", c));
  CHECK(c.id_json == "42");
  REQUIRE_FALSE(read_case(kb(), R"({"id": "a\"b\u00e9"})", c));
  CHECK(c.id_json == "\"a\\\"b\xc3\xa9\"");
  REQUIRE_FALSE(read_case(kb(), "{\"id\": \"bad\xff\"}", c));
  CHECK(c.id_json == "\"bad\xef\xbf\xbd\"");  // invalid UTF-8 becomes U+FFFD
  CHECK(error_for(R"({"id": [1]})").code == "invalid_id");
  REQUIRE_FALSE(read_case(kb(), "{}", c));
  CHECK(c.id_json.empty());
}

TEST_CASE("each kind of bad case has its code, message, field and position", "[case][errors]") {
  SECTION("unknown finding, with a suggestion") {
    const CaseError e = error_for(R"({"age": 3, "fevr": true})");
    CHECK(e.code == "unknown_finding");
    CHECK(e.message == "unknown finding 'fevr' (did you mean 'fever'?)");
    CHECK(e.field == "fevr");
    CHECK(e.line == 1);
    CHECK(e.column == 12);
  }
  SECTION("derived finding") {
    CHECK(error_for(R"({"lesion_type": "purpura"})").code == "derived_finding");
  }
  SECTION("duplicate key") {
    CHECK(error_for(R"({"fever": true, "fever": false})").code == "duplicate_key");
  }
  SECTION("wrong type") {
    const CaseError e = error_for(R"({"fever": "maybe"})");
    CHECK(e.code == "wrong_type");
    CHECK_THAT(e.message, Contains("'fever' takes yes or no"));
    CHECK(e.column == 11);
    CHECK(error_for(R"({"age": "three"})").code == "wrong_type");
    CHECK(error_for(R"({"fever": 2})").code == "wrong_type");
    CHECK(error_for(R"({"fever": {"a": 1}})").code == "wrong_type");
    CHECK(error_for(R"({"age": [3]})").code == "wrong_type");
    CHECK(error_for(R"({"lesion": 4})").code == "unknown_choice");
  }
  SECTION("out of range") {
    const CaseError e = error_for(R"({"age": -3})");
    CHECK(e.code == "out_of_range");
    CHECK_THAT(e.message, Contains("between 0 and 130"));
    CHECK(error_for(R"({"size_mm": 0})").code == "out_of_range");
    CHECK(error_for(R"({"age": 1e999})").code == "out_of_range");
  }
  SECTION("unknown choice, listing the choices") {
    const CaseError e = error_for(R"({"lesion": "freckle"})");
    CHECK(e.code == "unknown_choice");
    CHECK_THAT(e.message, Contains("petechiae, purpura, ecchymosis"));
  }
  SECTION("malformed JSON, with line and column") {
    const CaseError e = error_for("{\"age\": 3,\n \"fever\": tru}");
    CHECK(e.code == "invalid_json");
    CHECK(e.line == 2);
    CHECK(e.column == 11);
    CHECK(error_for("{\"age\": 3").code == "invalid_json");
    CHECK(error_for("{\"age\": 03}").code == "invalid_json");
    CHECK(error_for("{\"age\": 3} x").code == "invalid_json");
    CHECK(error_for("{\"age\" 3}").code == "invalid_json");
    CHECK(error_for("{\"ag\ne\": 3}").code == "invalid_json");
    CHECK(error_for("").code == "invalid_json");
  }
  SECTION("not an object") {
    CHECK(error_for("[1, 2]").code == "not_an_object");
    CHECK(error_for("42").code == "not_an_object");
  }
}

TEST_CASE("values of another JSON type are read by the one answer grammar", "[case]") {
  // What people type into a JSON case: "yes", 1, "6m", "Arms-Hands", 2 for the 2nd choice,
  // keys in another letter case or with dashes. The same as on the command line and in CSV.
  Case c(kb());
  REQUIRE_FALSE(read_case(kb(), R"({"Fever": "yes", "stiff-neck": 0, "age": "6m",
      "location": "Arms-Hands", "lesion": 2, "size_mm": "1 cm", "unwell": "unknown"})",
                          c));
  CHECK(c.value(*kb().find_finding("fever")) == 1);
  CHECK(c.value(*kb().find_finding("stiff_neck")) == 0);
  CHECK(c.value(*kb().find_finding("age")) == Approx(0.5));
  CHECK(c.value(*kb().find_finding("location")) == 1);
  CHECK(c.value(*kb().find_finding("lesion")) == 1);
  CHECK(c.value(*kb().find_finding("size_mm")) == 10);
  CHECK_FALSE(c.known(*kb().find_finding("unwell")));
  // One finding under two spellings is still given twice.
  CHECK(error_for(R"({"fever": true, "FEVER": false})").code == "duplicate_key");
}

TEST_CASE("reading a new case clears the previous one", "[case]") {
  Case c(kb());
  REQUIRE_FALSE(read_case(kb(), R"({"id": 1, "fever": true})", c));
  REQUIRE_FALSE(read_case(kb(), R"({"age": 2})", c));
  CHECK_FALSE(c.known(*kb().find_finding("fever")));
  CHECK(c.id_json.empty());
}

TEST_CASE("numbers read exactly as from_chars reads them", "[case]") {
  // Short decimals take a fast path (an integer over a power of ten); it must give the
  // correctly rounded double, bit for bit, like the general one.
  const std::size_t size = *kb().find_finding("size_mm");
  std::mt19937_64 rng(9);
  Case c(kb());
  for (int k = 0; k < 20000; ++k) {
    const int fraction_digits = static_cast<int>(rng() % 16);
    const std::uint64_t limit = 1000000000000000ull;  // at most 15 digits in all
    std::uint64_t mantissa = rng() % limit;
    std::string digits = std::to_string(mantissa);
    const auto f = static_cast<std::size_t>(fraction_digits);
    if (digits.size() <= f) digits = std::string(f + 1 - digits.size(), '0') + digits;
    const std::string text =
        f == 0 ? digits
               : digits.substr(0, digits.size() - f) + "." + digits.substr(digits.size() - f);
    double expected = 0;
    std::from_chars(text.data(), text.data() + text.size(), expected);
    if (expected <= 0 || expected > 1000) continue;  // size_mm's range
    INFO(text);
    REQUIRE_FALSE(read_case(kb(), "{\"size_mm\": " + text + "}", c).has_value());
    REQUIRE(c.value(size) == expected);
  }
}

// Found by tests/fuzz/fuzz_case_differential.cpp: a second id silently replaced the first,
// or left it in place when it was null, where any other key given twice is an error.
TEST_CASE("the id is given at most once", "[case][errors][robustness]") {
  const CaseError e = error_for(R"({"id": "a", "fever": true, "id": null})");
  CHECK(e.code == "duplicate_key");
  CHECK(e.message == "'id' is given twice");
  CHECK(e.field == "id");
  CHECK(e.column == 28);
  CHECK(error_for(R"({"id": 1, "id": "x"})").code == "duplicate_key");
}

// Found by tests/fuzz/fuzz_case_json.cpp: an id of 1e309 was echoed into the result as
// written, and nlohmann (for one) rejects a result holding a number beyond a double.
TEST_CASE("a number id must fit a double, since it is echoed", "[case][errors][robustness]") {
  const CaseError e = error_for(R"({"age": 3, "id": 1e309})");
  CHECK(e.code == "invalid_id");
  CHECK(e.field == "id");
  CHECK(e.column == 18);
  CHECK(error_for(R"({"id": -1e400})").code == "invalid_id");
  Case c(kb());
  REQUIRE_FALSE(read_case(kb(), R"({"id": 1e308})", c));
  CHECK(c.id_json == "1e308");
  REQUIRE_FALSE(read_case(kb(), R"({"id": -0})", c));
  CHECK(c.id_json == "-0");
}

// Found by tests/fuzz/fuzz_case_json.cpp: an escaped line break in an unknown key or
// choice split the message, which batch prints as one line of stderr.
TEST_CASE("messages quote keys and choices on one line", "[case][errors][robustness]") {
  const CaseError key = error_for(R"({"fe\nver": true})");
  CHECK(key.message == "unknown finding 'fe\\nver' (did you mean 'fever'?)");
  CHECK(key.field == "fe\nver");  // the field itself is exact: JSON output escapes it
  const CaseError choice = error_for(R"({"lesion": "a\u0001\t\r"})");
  // (The answer grammar trims the white space around an answer; the rest is escaped.)
  CHECK_THAT(choice.message, Catch::StartsWith("'a\\x01' is not a choice for 'lesion'"));
  const CaseError inner = error_for(R"({"lesion": "a\u0001\tb"})");
  CHECK_THAT(inner.message, Catch::StartsWith("'a\\x01\\tb' is not a choice for 'lesion'"));
}
