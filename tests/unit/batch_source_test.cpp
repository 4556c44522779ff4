#include "batch_source.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <spotcheck/error.h>

#include "string_reader.h"

using namespace spotcheck::cli;

namespace {

using spotcheck::test::string_reader;

struct Case {
  std::string text;
  std::uint64_t line, too_long;
  bool operator==(const Case&) const = default;
};

// Every item of every block, and the block sizes.
struct Drained {
  std::vector<Case> items;
  std::vector<std::size_t> sizes;
};

Drained drain(BlockSource& source) {
  Drained d;
  Block block;
  for (;;) {
    block.clear();
    if (!source.fill(block)) break;
    d.sizes.push_back(block.items.size());
    for (const WorkItem& item : block.items)
      d.items.push_back({block.text.substr(item.offset, item.length), item.line, item.too_long});
  }
  CHECK(block.items.empty());
  return d;
}

}  // namespace

TEST_CASE("batch source: one case per non-blank NDJSON line, with its line number",
          "[batch][source]") {
  LineReader reader(string_reader("{\"a\":1}\n\n   \r\n{\"b\":2}\r\n\t\n{\"c\":3}", 5), 100, 16);
  NdjsonSource source(reader, {});
  const auto d = drain(source);
  CHECK(d.items ==
        std::vector<Case>{{"{\"a\":1}", 1, 0}, {"{\"b\":2}\r", 4, 0}, {"{\"c\":3}", 6, 0}});
}

TEST_CASE("batch source: blocks hold at most max_items cases and about max_bytes",
          "[batch][source]") {
  std::string input;
  for (int i = 0; i < 1000; ++i) input += std::string("{\"id\":") + std::to_string(i) + "}\n";
  {
    LineReader reader(string_reader(input, 1 << 20), 100);
    NdjsonSource source(reader, {64, 1 << 20, false});
    const auto d = drain(source);
    REQUIRE(d.items.size() == 1000);
    CHECK(*std::max_element(d.sizes.begin(), d.sizes.end()) == 64);
    CHECK(d.sizes.size() == 16);
    for (std::size_t i = 0; i < d.items.size(); ++i) CHECK(d.items[i].line == i + 1);
  }
  {
    LineReader reader(string_reader(input, 1 << 20), 100);
    NdjsonSource source(reader, {100000, 100, false});
    const auto d = drain(source);
    CHECK(d.items.size() == 1000);
    CHECK(*std::max_element(d.sizes.begin(), d.sizes.end()) <=
          13);  // ~100 bytes of 8-11-byte lines
  }
}

TEST_CASE("batch source: an oversized line is a case with no text", "[batch][source]") {
  LineReader reader(string_reader("{}\n" + std::string(500, 'x') + "\n{}\n", 7), 100, 16);
  NdjsonSource source(reader, {});
  CHECK(drain(source).items == std::vector<Case>{{"{}", 1, 0}, {"", 2, 500}, {"{}", 3, 0}});
}

TEST_CASE("batch source: a streaming source passes on what has arrived", "[batch][source]") {
  // Reads of 2 lines at a time: a streaming block ends where the input paused, so a
  // case never waits in a half-full block for input that may be slow to come.
  LineReader streaming(string_reader("{}\n{}\n{}\n{}\n{}\n", 6), 100, 64);
  NdjsonSource stream_source(streaming, {512, 1 << 20, true});
  const auto d = drain(stream_source);
  CHECK(d.items.size() == 5);
  CHECK(d.sizes.size() >= 3);
  LineReader file(string_reader("{}\n{}\n{}\n{}\n{}\n", 6), 100, 64);
  NdjsonSource file_source(file, {512, 1 << 20, false});
  CHECK(drain(file_source).sizes == std::vector<std::size_t>{5});
}

TEST_CASE("batch source: CSV header, then one case per record", "[batch][source][csv]") {
  const std::string input =
      "\xEF\xBB\xBFid,note\r\n"
      "r1,plain\r\n"
      "\r\n"
      "r2,\"two\r\nlines, with a comma\"\r\n"
      "r3,\"\"\"quoted\"\"\"\r\n";
  for (const std::size_t chunk : std::vector<std::size_t>{1, 3, 1000}) {
    CAPTURE(chunk);
    LineReader reader(string_reader(input, chunk), 100, 16);
    CsvSource source(reader, {}, 100);
    const auto header = source.read_header("t.csv");
    REQUIRE(header);
    CHECK(header->text == "id,note\r");
    CHECK(header->line == 1);
    CHECK(drain(source).items == std::vector<Case>{{"r1,plain\r", 2, 0},
                                                   {"r2,\"two\r\nlines, with a comma\"\r", 4, 0},
                                                   {"r3,\"\"\"quoted\"\"\"\r", 6, 0}});
  }
}

TEST_CASE("batch source: a CSV record too long in total is one case, and the next line starts anew",
          "[batch][source][csv]") {
  // The quote on line 2 never closes: without the limit it would swallow the file.
  std::string input = "id,a\nr1,\"open\n";
  for (int i = 0; i < 20; ++i) input += "0123456789\n";
  LineReader reader(string_reader(input, 1000), 50, 16);
  CsvSource source(reader, {}, 50);
  REQUIRE(source.read_header("t.csv"));
  const auto d = drain(source);
  REQUIRE(d.items.size() >= 2);
  CHECK(d.items[0].line == 2);
  CHECK(d.items[0].too_long > 50);
  CHECK(d.items[1].text == "0123456789");  // resynchronised on a line of its own
}

TEST_CASE("batch source: a CSV record still open at the end of input is passed on as it is",
          "[batch][source][csv]") {
  LineReader reader(string_reader("id\n\"never closed\nmore", 4), 100, 16);
  CsvSource source(reader, {}, 100);
  REQUIRE(source.read_header("t.csv"));
  CHECK(drain(source).items == std::vector<Case>{{"\"never closed\nmore", 2, 0}});
}

TEST_CASE("batch source: an empty CSV input has no header, an oversized header is fatal",
          "[batch][source][csv]") {
  LineReader empty(string_reader("\n\n", 4), 100);
  CsvSource none(empty, {}, 100);
  CHECK_FALSE(none.read_header("t.csv"));
  LineReader big(string_reader(std::string(300, 'h') + "\nr\n", 64), 100, 16);
  CsvSource huge(big, {}, 100);
  CHECK_THROWS_AS(huge.read_header("t.csv"), spotcheck::Error);
}

TEST_CASE("batch source: a block sizer lowers the cases per block", "[batch][source]") {
  std::string input;
  for (int i = 0; i < 100; ++i) input += "{}\n";
  LineReader reader(string_reader(input, 1 << 20), 100);
  BlockSizer sizer(512, 1000);
  sizer.observe(10, 10 * 50);  // 50 bytes of output a case: 20 per block
  BlockLimits limits;
  limits.sizer = &sizer;
  NdjsonSource source(reader, limits);
  const auto d = drain(source);
  CHECK(d.items.size() == 100);
  CHECK(d.sizes == std::vector<std::size_t>{20, 20, 20, 20, 20});
}
