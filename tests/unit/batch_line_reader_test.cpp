#include "batch_line_reader.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "string_reader.h"

using spotcheck::cli::LineReader;
using spotcheck::cli::ReadFn;

namespace {

using spotcheck::test::string_reader;

struct Got {
  std::string text;
  std::uint64_t number, too_long;
  bool operator==(const Got&) const = default;
};

std::vector<Got> all_lines(LineReader& reader) {
  std::vector<Got> lines;
  LineReader::Line line;
  while (reader.next(line) == LineReader::Status::kLine)
    lines.push_back({std::string(line.text), line.number, line.too_long});
  return lines;
}

}  // namespace

TEST_CASE("batch line reader splits lines whatever the read sizes and buffer size",
          "[batch][line_reader]") {
  const std::string input = "{\"a\":1}\n\n  \nsecond line\r\nlast without newline";
  const std::vector<Got> expected{{"{\"a\":1}", 1, 0},
                                  {"", 2, 0},
                                  {"  ", 3, 0},
                                  {"second line\r", 4, 0},
                                  {"last without newline", 5, 0}};
  for (const std::size_t chunk : std::vector<std::size_t>{1, 2, 3, 7, 64, 4096}) {
    for (const std::size_t block : std::vector<std::size_t>{16, 32, 1 << 20}) {
      CAPTURE(chunk, block);
      LineReader reader(string_reader(input, chunk), 100, block);
      CHECK(all_lines(reader) == expected);
      CHECK(reader.bytes_consumed() == input.size());
    }
  }
}

TEST_CASE("batch line reader: an empty input has no lines, a final newline adds none",
          "[batch][line_reader]") {
  LineReader empty(string_reader("", 10), 100);
  LineReader::Line line;
  CHECK(empty.next(line) == LineReader::Status::kEnd);
  LineReader one(string_reader("x\n", 10), 100);
  CHECK(all_lines(one) == std::vector<Got>{{"x", 1, 0}});
}

TEST_CASE("batch line reader reports a line over the limit by its length, and goes on",
          "[batch][line_reader]") {
  const std::string huge(1000, 'x');
  const std::string input = "short\n" + huge + "\nexactly10!\n12345678901\nafter\n" + huge;
  for (const std::size_t chunk : std::vector<std::size_t>{1, 5, 100, 1 << 16}) {
    for (const std::size_t block : std::vector<std::size_t>{16, 64, 1 << 20}) {
      CAPTURE(chunk, block);
      LineReader reader(string_reader(input, chunk), 10, block);
      const std::vector<Got> expected{{"short", 1, 0}, {"", 2, 1000},   {"exactly10!", 3, 0},
                                      {"", 4, 11},     {"after", 5, 0}, {"", 6, 1000}};
      CHECK(all_lines(reader) == expected);
      CHECK(reader.bytes_consumed() == input.size());
    }
  }
}

TEST_CASE("batch line reader never buffers an oversized line", "[batch][line_reader]") {
  // 50 MB of one line, served lazily: the buffer must stay near its starting size.
  constexpr std::size_t kHuge = 50u << 20;
  auto served = std::make_shared<std::size_t>(0);
  ReadFn read = [served](char* buffer, std::size_t size) -> std::size_t {
    const std::string tail = "\n{\"ok\":true}\n";
    const std::size_t total = kHuge + tail.size();
    const std::size_t n = std::min(size, total - *served);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t at = *served + i;
      buffer[i] = at < kHuge ? 'x' : tail[at - kHuge];
    }
    *served += n;
    return n;
  };
  LineReader reader(read, 1000, 4096);
  const auto lines = all_lines(reader);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == Got{"", 1, kHuge});
  CHECK(lines[1] == Got{"{\"ok\":true}", 2, 0});
  CHECK(reader.buffer_size() <= 1000 + 4096);
}

TEST_CASE("batch line reader grows its buffer for a long line within the limit",
          "[batch][line_reader]") {
  const std::string longer(5000, 'y');
  LineReader reader(string_reader("a\n" + longer + "\nb\n", 300), 6000, 64);
  CHECK(all_lines(reader) == std::vector<Got>{{"a", 1, 0}, {longer, 2, 0}, {"b", 3, 0}});
  CHECK(reader.buffer_size() <= 6000 + 64);
}

TEST_CASE("batch line reader drops a UTF-8 byte-order mark at the start only",
          "[batch][line_reader]") {
  const std::string bom = "\xEF\xBB\xBF";
  for (const std::size_t chunk : std::vector<std::size_t>{1, 2, 100}) {
    LineReader reader(string_reader(bom + "id,fever\n" + bom + "x\n", chunk), 100, 16);
    CHECK(all_lines(reader) == std::vector<Got>{{"id,fever", 1, 0}, {bom + "x", 2, 0}});
  }
}

TEST_CASE("batch line reader can stop before it would read", "[batch][line_reader]") {
  LineReader reader(string_reader("one\ntwo\nthr", 11), 100, 64);
  LineReader::Line line;
  CHECK(reader.next(line, false) == LineReader::Status::kWouldRead);  // nothing buffered yet
  REQUIRE(reader.next(line, true) == LineReader::Status::kLine);
  CHECK(line.text == "one");
  REQUIRE(reader.next(line, false) == LineReader::Status::kLine);  // already buffered
  CHECK(line.text == "two");
  CHECK(reader.next(line, false) == LineReader::Status::kWouldRead);  // "thr" is incomplete
  REQUIRE(reader.next(line, true) == LineReader::Status::kLine);
  CHECK(line.text == "thr");
  CHECK(reader.next(line, false) == LineReader::Status::kEnd);
}

TEST_CASE("batch line reader passes read errors on", "[batch][line_reader]") {
  LineReader reader(
      [](char*, std::size_t) -> std::size_t { throw std::runtime_error("disk on fire"); }, 100);
  LineReader::Line line;
  CHECK_THROWS_WITH(reader.next(line), "disk on fire");
}
