#include "batch_sink.h"

#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

#include <spotcheck/error.h>

#include "read_all.h"
#include "test_kb.h"

using namespace spotcheck;
using namespace spotcheck::cli;

namespace {

using spotcheck::test::read_all;

Block block_with(std::string out, std::string diag, std::uint64_t cases, std::uint64_t errors,
                 std::vector<std::uint64_t> levels, bool fail_on = false) {
  Block b;
  b.out.append(out);
  b.diag = std::move(diag);
  b.tally.cases = cases;
  b.tally.errors = errors;
  b.tally.per_level = std::move(levels);
  b.tally.fail_on_reached = fail_on;
  return b;
}

}  // namespace

TEST_CASE("batch sink writes output and diagnostics, and adds up the tallies", "[batch][sink]") {
  std::FILE* out_file = std::tmpfile();
  std::FILE* diag_file = std::tmpfile();
  REQUIRE(out_file);
  REQUIRE(diag_file);
  Output out(out_file, "test output");
  Progress progress(diag_file, 0, false);
  ResultSink sink(out, diag_file, progress, 4);

  Block first = block_with("r1\nr2\n", "", 2, 0, {1, 1, 0, 0});
  Block second = block_with("e3\nr4\n", "spotcheck: in:3:1: bad\n", 2, 1, {0, 0, 0, 1}, true);
  sink.write(first);
  CHECK(read_all(out_file) == "r1\nr2\n");  // flushed at once: results leave promptly
  sink.write(second);

  CHECK(read_all(out_file) == "r1\nr2\ne3\nr4\n");
  CHECK(read_all(diag_file) == "spotcheck: in:3:1: bad\n");
  const BatchTotals& t = sink.totals();
  CHECK(t.cases == 4);
  CHECK(t.errors == 1);
  CHECK(t.results() == 3);
  CHECK(t.per_level == std::vector<std::uint64_t>{1, 1, 0, 1});
  CHECK(t.fail_on_reached);
  std::fclose(out_file);
  std::fclose(diag_file);
}

TEST_CASE("batch sink: a write error is an Error with exit code 74", "[batch][sink]") {
  std::FILE* full = std::fopen("/dev/full", "wb");
  if (!full) {
    WARN("no /dev/full here");
    return;
  }
  Output out(full, "/dev/full");
  Progress progress(stderr, 0, false);
  ResultSink sink(out, stderr, progress, 4);
  Block b = block_with("some output\n", "", 1, 0, {0, 0, 1, 0});
  try {
    sink.write(b);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.exit_code() == kExitIo);
    CHECK_THAT(e.what(), Catch::Contains("/dev/full") && Catch::Contains("No space left"));
  }
  std::fclose(full);
}

TEST_CASE("batch sink summary names every count", "[batch][sink]") {
  const auto kb = test::load(test::minimal_kb());
  BatchTotals t;
  t.cases = 1234567;
  t.errors = 1;
  t.per_level = {1, 2, 3, 1234560};
  const std::string line = summary_line(t, *kb, 2.0);
  CHECK_THAT(line, Catch::StartsWith(
                       "spotcheck: 1,234,567 cases read, 1,234,566 results written, 1 error;"));
  CHECK_THAT(line,
             Catch::Contains("triage: emergency 1, urgent 2, routine 3, self_care 1,234,560"));
  CHECK_THAT(line, Catch::Contains("2.00 s, 617,283 cases/s"));
  BatchTotals none;
  none.per_level = {0, 0, 0, 0};
  CHECK_THAT(summary_line(none, *kb, 0.0),
             Catch::StartsWith("spotcheck: 0 cases read, 0 results written, 0 errors;"));
}
