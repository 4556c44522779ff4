#include "batch_csv_case.h"

#include <cmath>

#include <catch2/catch.hpp>

#include <spotcheck/error.h>

#include "test_kb.h"

using namespace spotcheck;
using namespace spotcheck::cli;

namespace {

// The test KB: bools a, b; number n (0-100 years); choice c (x, y, z); derived d.
struct Fixture {
  std::shared_ptr<const KnowledgeBase> kb = test::load(test::minimal_kb());
  std::size_t a = *kb->find_finding("a"), b = *kb->find_finding("b"), n = *kb->find_finding("n"),
              c = *kb->find_finding("c");
  CsvRow row;
  Case out{*kb};

  std::optional<CaseError> read(const CsvColumns& columns, std::string_view record) {
    return columns.read_row(record, row, out);
  }
};

int exit_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.exit_code();
  }
  return 0;
}

}  // namespace

TEST_CASE("batch csv case reads booleans in every accepted spelling", "[batch][csv]") {
  Fixture fx;
  const CsvColumns columns(*fx.kb, "a,b", 1, "t.csv");
  for (const char* yes : {"true", "TRUE", "yes", "Yes", "1", " true "}) {
    CAPTURE(yes);
    REQUIRE_FALSE(fx.read(columns, std::string(yes) + ",no"));
    CHECK(fx.out.value(fx.a) == 1.0);
    CHECK(fx.out.value(fx.b) == 0.0);
  }
  for (const char* no : {"false", "False", "no", "NO", "0"}) {
    REQUIRE_FALSE(fx.read(columns, std::string(no) + ",1"));
    CHECK(fx.out.value(fx.a) == 0.0);
    CHECK(fx.out.value(fx.b) == 1.0);
  }
}

TEST_CASE("batch csv case: an empty cell is unknown", "[batch][csv]") {
  Fixture fx;
  const CsvColumns columns(*fx.kb, "id,a,n,c", 1, "t.csv");
  REQUIRE_FALSE(fx.read(columns, "r1,,,"));
  CHECK_FALSE(fx.out.known(fx.a));
  CHECK_FALSE(fx.out.known(fx.n));
  CHECK_FALSE(fx.out.known(fx.c));
  CHECK(fx.out.id_json == "\"r1\"");
  // And a row after a full one starts from nothing: the Case is cleared.
  REQUIRE_FALSE(fx.read(columns, "r2,yes,42.5,y"));
  REQUIRE_FALSE(fx.read(columns, ",,,"));
  CHECK_FALSE(fx.out.known(fx.a));
  CHECK(fx.out.id_json.empty());
}

TEST_CASE("batch csv case reads numbers and choices", "[batch][csv]") {
  Fixture fx;
  const CsvColumns columns(*fx.kb, "n,c", 1, "t.csv");
  REQUIRE_FALSE(fx.read(columns, "42.5,z"));
  CHECK(fx.out.value(fx.n) == 42.5);
  CHECK(fx.out.value(fx.c) == 2.0);
  REQUIRE_FALSE(fx.read(columns, "\" 7 \",Y"));  // quoted, padded; choice in capitals
  CHECK(fx.out.value(fx.n) == 7.0);
  CHECK(fx.out.value(fx.c) == 1.0);
}

TEST_CASE("batch csv case: a bad cell is an error naming its column and position", "[batch][csv]") {
  Fixture fx;
  const CsvColumns columns(*fx.kb, "id,a,n,c", 1, "t.csv");

  auto e = fx.read(columns, "r1,maybe,1,x");
  REQUIRE(e);
  CHECK(e->code == "wrong_type");
  CHECK(e->field == "a");
  CHECK(e->column == 4);
  CHECK_THAT(e->message, Catch::Contains("maybe"));
  CHECK(fx.out.id_json == "\"r1\"");  // the id is echoed even so

  e = fx.read(columns, "r2,yes,150,x");
  REQUIRE(e);
  CHECK(e->code == "out_of_range");
  CHECK(e->field == "n");
  CHECK(e->column == 8);

  e = fx.read(columns, "r3,yes,ten,x");
  REQUIRE(e);
  CHECK(e->code == "wrong_type");
  e = fx.read(columns, "r3,yes,nan,x");
  REQUIRE(e);
  CHECK(e->code == "wrong_type");
  e = fx.read(columns, "r3,yes,1e999,x");
  REQUIRE(e);
  CHECK(e->code == "out_of_range");

  e = fx.read(columns, "r4,yes,1,xx");
  REQUIRE(e);
  CHECK(e->code == "unknown_choice");
  CHECK_THAT(e->message, Catch::Contains("did you mean 'x'"));

  e = fx.read(columns, "r5,yes,1");
  REQUIRE(e);
  CHECK(e->code == "invalid_csv");
  CHECK_THAT(e->message, Catch::Contains("3 cells") && Catch::Contains("4 columns"));
  CHECK(fx.out.id_json == "\"r5\"");

  e = fx.read(columns, "r6,yes,\"1,x");
  REQUIRE(e);
  CHECK(e->code == "invalid_csv");
  CHECK(fx.out.id_json == "\"r6\"");
}

TEST_CASE("batch csv case: positions inside a multi-line record", "[batch][csv]") {
  Fixture fx;
  const CsvColumns columns(*fx.kb, "id,a", 1, "t.csv");
  const auto e = fx.read(columns, "\"two\nlines\",bad");
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->column == 8);
  CHECK(fx.out.id_json == "\"two\\nlines\"");
}

TEST_CASE("batch csv case: a bad header stops the whole file with exit 65", "[batch][csv]") {
  Fixture fx;
  CHECK(exit_code_of([&] { CsvColumns(*fx.kb, "id,aa,zzzzzz", 1, "t.csv"); }) == kExitData);
  CHECK_THROWS_WITH(CsvColumns(*fx.kb, "id,a,nn", 1, "t.csv"),
                    "t.csv:1:6: CSV header: unknown finding 'nn' (did you mean 'n'?)");
  CHECK_THROWS_WITH(CsvColumns(*fx.kb, "a,b,a", 3, "t.csv"),
                    Catch::Contains("t.csv:3:5:") && Catch::Contains("twice"));
  CHECK_THROWS_WITH(CsvColumns(*fx.kb, "a,,b", 1, "t.csv"), Catch::Contains("no name"));
  CHECK_THROWS_WITH(CsvColumns(*fx.kb, "a,d", 1, "t.csv"), Catch::Contains("computed"));
  CHECK_THROWS_WITH(CsvColumns(*fx.kb, "a,\"b", 1, "t.csv"), Catch::Contains("unterminated"));
  CHECK(CsvColumns(*fx.kb, " id , a ,\"b\"\r", 1, "t.csv").size() == 3);  // padding, quotes, CRLF
}

// Found by tests/fuzz/fuzz_csv_record.cpp: a quoted cell or column name can hold a line
// break, which split the message's line of stderr.
TEST_CASE("batch csv messages quote cells and columns on one line", "[batch][csv][robustness]") {
  Fixture fx;
  const CsvColumns columns(*fx.kb, "id,n", 1, "t.csv");
  const auto e = fx.read(columns, "c1,\"3\n4\"");
  REQUIRE(e);
  CHECK(e->code == "wrong_type");
  CHECK_THAT(e->message, Catch::EndsWith("not '3\\n4'"));
  try {
    const CsvColumns bad(*fx.kb, "id,\"fe\r\nver\"", 1, "t.csv");
    FAIL("the header was accepted");
  } catch (const Error& error) {
    CHECK_THAT(error.what(), Catch::Contains("unknown finding 'fe\\r\\nver'"));
  }
}
