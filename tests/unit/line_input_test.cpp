// Reading replies line by line: the last line without a newline, bounded lengths, and a
// closed stdin read as the end of input.
#include "line_input.h"

#include <cstdio>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

using namespace spotcheck::cli;

namespace {

// A stream reading `text`, from a pipe (as piped answers arrive).
std::FILE* stream_of(const std::string& text) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  REQUIRE(write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  close(fds[1]);
  return fdopen(fds[0], "r");
}

}  // namespace

TEST_CASE("lines come without their newline, the last one needs none", "[ask]") {
  std::FILE* in = stream_of("yes\r\n\nno");
  CHECK(read_line(in, 100)->text == "yes\r");
  CHECK(read_line(in, 100)->text.empty());
  const auto last = read_line(in, 100);
  REQUIRE(last);
  CHECK(last->text == "no");
  CHECK_FALSE(read_line(in, 100));
  std::fclose(in);
}

TEST_CASE("a line over the bound is cut and marked, the next one is whole", "[ask]") {
  std::FILE* in = stream_of(std::string(50, 'y') + "\nn\n");
  const auto longer = read_line(in, 10);
  CHECK(longer->too_long);
  CHECK(longer->text == std::string(10, 'y'));
  const auto next = read_line(in, 10);
  CHECK_FALSE(next->too_long);
  CHECK(next->text == "n");
  std::fclose(in);
}

TEST_CASE("a closed stdin is the end of input, not an error", "[ask]") {
  std::FILE* in = stream_of("");
  close(fileno(in));  // the descriptor goes away under the stream, as with `<&-`
  CHECK_FALSE(read_line(in, 10));
  std::fclose(in);
}
