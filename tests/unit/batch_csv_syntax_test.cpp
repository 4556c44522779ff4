#include "batch_csv_syntax.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace spotcheck::cli;

namespace {

std::vector<std::string> cells(std::string_view record) {
  CsvRow row;
  const auto error = split_csv_record(record, row);
  REQUIRE_FALSE(error);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < row.size(); ++i) out.emplace_back(row.cell(i));
  return out;
}

using Cells = std::vector<std::string>;

}  // namespace

TEST_CASE("batch csv splits plain cells, keeping empty ones", "[batch][csv]") {
  CHECK(cells("id,fever,age") == Cells{"id", "fever", "age"});
  CHECK(cells("a,,b") == Cells{"a", "", "b"});
  CHECK(cells("a,b,") == Cells{"a", "b", ""});
  CHECK(cells(",") == Cells{"", ""});
  CHECK(cells("") == Cells{""});
  CHECK(cells(" a , b ") == Cells{" a ", " b "});  // trimming is the reader's business
}

TEST_CASE("batch csv unquotes cells: embedded commas, quotes and newlines", "[batch][csv]") {
  CHECK(cells(R"("a,b",c)") == Cells{"a,b", "c"});
  CHECK(cells(R"("say ""hi""",x)") == Cells{R"(say "hi")", "x"});
  CHECK(cells(R"("""")") == Cells{"\""});
  CHECK(cells(R"("",x)") == Cells{"", "x"});
  CHECK(cells("\"line one\nline two\",y") == Cells{"line one\nline two", "y"});
  CHECK(cells("\"crlf\r\ninside\",y\r") == Cells{"crlf\r\ninside", "y"});
  CHECK(cells(R"(ab"c,d)") ==
        Cells{R"(ab"c)", "d"});  // a quote inside an unquoted cell is a character
}

TEST_CASE("batch csv ignores the CR of a CRLF line end", "[batch][csv]") {
  CHECK(cells("a,b\r") == Cells{"a", "b"});
  CHECK(cells("a,\"b\"\r") == Cells{"a", "b"});
  CHECK(cells("a,\r") == Cells{"a", ""});
}

TEST_CASE("batch csv reports syntax errors with their offset", "[batch][csv]") {
  CsvRow row;
  auto error = split_csv_record(R"(a,"unterminated)", row);
  REQUIRE(error);
  CHECK(error->offset == 2);
  CHECK_THAT(error->message, Catch::Contains("unterminated"));
  CHECK(row.size() == 2);  // what was read before the error is kept (the id, say)
  CHECK(row.cell(0) == "a");

  error = split_csv_record(R"("x"y,z)", row);
  REQUIRE(error);
  CHECK(error->offset == 3);
  CHECK_THAT(error->message, Catch::Contains("after a closing quote"));
}

TEST_CASE("batch csv cell offsets point at each cell in the record", "[batch][csv]") {
  CsvRow row;
  REQUIRE_FALSE(split_csv_record(R"(ab,"c,d",,e)", row));
  REQUIRE(row.size() == 4);
  CHECK(row.offset(0) == 0);
  CHECK(row.offset(1) == 3);
  CHECK(row.offset(2) == 9);
  CHECK(row.offset(3) == 10);
}

TEST_CASE("batch csv knows when a record continues on the next line", "[batch][csv]") {
  CHECK_FALSE(csv_ends_in_quotes("a,b,c", false));
  CHECK(csv_ends_in_quotes(R"(a,"b)", false));
  CHECK_FALSE(csv_ends_in_quotes(R"(a,"b")", false));
  CHECK(csv_ends_in_quotes(R"(a,"b"")", false));  // "" is an escaped quote, still inside
  CHECK_FALSE(csv_ends_in_quotes(R"(a,"b""")", false));
  CHECK_FALSE(csv_ends_in_quotes(R"(ab"c)", false));   // not at the start of a cell
  CHECK_FALSE(csv_ends_in_quotes(R"(end",x)", true));  // closes the field begun above
  CHECK(csv_ends_in_quotes("still inside", true));
  CHECK(csv_ends_in_quotes("", true));
  CHECK(csv_ends_in_quotes(R"(x",")", true));  // closes, then a new quoted cell opens
  CHECK_FALSE(csv_ends_in_quotes(R"(x",)", true));
}
