// Positions for error messages (error.h).
#include <catch2/catch.hpp>

#include <spotcheck/error.h>

using spotcheck::text_position;

TEST_CASE("text positions count lines and columns from 1", "[error]") {
  const std::string text = "ab\ncd,ef";
  CHECK(text_position(text, 0).line == 1);
  CHECK(text_position(text, 0).column == 1);
  CHECK(text_position(text, 1).column == 2);
  CHECK(text_position(text, 3).line == 2);
  CHECK(text_position(text, 3).column == 1);
  CHECK(text_position(text, 6).column == 4);
  CHECK(text_position(text, 100).line == 2);  // past the end: the end
  CHECK(text_position(text, 100).column == 6);
}
