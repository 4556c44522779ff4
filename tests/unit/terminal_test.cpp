// Where colour and width are decided: the width to wrap text to when the output is not a
// terminal comes from COLUMNS, else 80, and is never absurdly small or large.
#include "terminal.h"

#include <cstdlib>
#include <memory>

#include <catch2/catch.hpp>

using namespace spotcheck::cli;

namespace {

std::size_t width_with(const char* columns) {
  if (columns)
    setenv("COLUMNS", columns, 1);
  else
    unsetenv("COLUMNS");
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  REQUIRE(file);
  return output_width(file.get());
}

}  // namespace

TEST_CASE("output width: COLUMNS for a file or pipe, else 80, within bounds", "[terminal]") {
  const char* saved = std::getenv("COLUMNS");
  const std::string keep = saved ? saved : "";
  CHECK(width_with(nullptr) == 80);
  CHECK(width_with("") == 80);
  CHECK(width_with("120") == 120);
  CHECK(width_with("40") == 40);
  // Messy values: not a number, negative, trailing junk, zero, tiny, huge.
  CHECK(width_with("wide") == 80);
  CHECK(width_with("-5") == 80);
  CHECK(width_with("100x") == 80);
  CHECK(width_with("0") == 80);
  CHECK(width_with("3") == 20);
  CHECK(width_with("99999999999999999999999") == 1000);
  if (saved)
    setenv("COLUMNS", keep.c_str(), 1);
  else
    unsetenv("COLUMNS");
}
