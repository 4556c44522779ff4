#include "batch_progress.h"

#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

#include "read_all.h"

using namespace spotcheck::cli;

namespace {

// Everything written to a temporary FILE*.
class Captured {
 public:
  Captured() : f_(std::tmpfile()) { REQUIRE(f_); }
  ~Captured() { std::fclose(f_); }
  std::FILE* file() const { return f_; }
  std::string text() const { return spotcheck::test::read_all(f_); }

 private:
  std::FILE* f_;
};

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("batch progress line shows the share done, rate and time left", "[batch][progress]") {
  const std::string line = progress_line(50'000'000, 100'000'000, 250'000, 2.0);
  CHECK_THAT(line, Catch::StartsWith("[##########----------]  50%"));
  CHECK_THAT(line, Catch::Contains("50.0 of 100.0 MB"));
  CHECK_THAT(line, Catch::Contains("125,000 cases/s"));
  CHECK_THAT(line, Catch::EndsWith("0:02 left"));
  CHECK_THAT(progress_line(0, 100, 0, 0.0), Catch::Contains("--:-- left"));
  CHECK_THAT(progress_line(100, 100, 10, 1.0), Catch::StartsWith("[####################] 100%"));
  CHECK_THAT(progress_line(1, 3600, 1, 1.0),
             Catch::Contains("0:59:59 left") || Catch::Contains("59:59 left"));
}

TEST_CASE("batch progress: commas in counts", "[batch][progress]") {
  CHECK(with_commas(0) == "0");
  CHECK(with_commas(999) == "999");
  CHECK(with_commas(1000) == "1,000");
  CHECK(with_commas(1234567) == "1,234,567");
}

TEST_CASE("batch progress: nothing when disabled", "[batch][progress]") {
  Captured out;
  Progress progress(out.file(), 1000, false);
  for (int i = 0; i < 100; ++i) progress.update(10 * static_cast<std::uint64_t>(i), 1, 1.0 + i);
  progress.clear();
  CHECK(out.text().empty());
}

TEST_CASE("batch progress: silent for the first second, then at most ten draws a second",
          "[batch][progress]") {
  Captured out;
  Progress progress(out.file(), 1000, true);
  // Updates every millisecond for three seconds.
  for (int ms = 0; ms <= 3000; ++ms) {
    progress.update(static_cast<std::uint64_t>(ms) / 3, static_cast<std::uint64_t>(ms),
                    ms / 1000.0);
    if (ms == 999) CHECK(out.text().empty());
  }
  const std::string text = out.text();
  const std::size_t draws = count(text, "\r[");
  CHECK(draws >= 19);
  CHECK(draws <= 21);
  CHECK(progress.showing());
  progress.clear();
  CHECK_FALSE(progress.showing());
  CHECK_THAT(out.text(), Catch::EndsWith("\r\x1b[K"));
  const std::size_t before = out.text().size();
  progress.clear();  // nothing to erase now
  CHECK(out.text().size() == before);
}
