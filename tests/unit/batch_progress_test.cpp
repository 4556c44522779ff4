#include "batch_progress.h"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "read_all.h"
#include "terminal.h"

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

namespace {

// A pseudo-terminal: a real terminal device without a screen, opened here twice, as
// stdout and stderr share one terminal.
class Pty {
 public:
  Pty() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master_ >= 0);
    REQUIRE(::grantpt(master_) == 0);
    REQUIRE(::unlockpt(master_) == 0);
    const char* name = ::ptsname(master_);
    REQUIRE(name);
    a_ = ::open(name, O_RDWR | O_NOCTTY);
    b_ = ::open(name, O_RDWR | O_NOCTTY);
    REQUIRE(a_ >= 0);
    REQUIRE(b_ >= 0);
  }
  ~Pty() {
    for (int fd : {a_, b_, master_}) ::close(fd);
  }
  int a() const { return a_; }
  int b() const { return b_; }

 private:
  int master_ = -1, a_ = -1, b_ = -1;
};

// Sets TERM for the life of the object.
class TermIs {
 public:
  explicit TermIs(const char* value) {
    if (const char* old = std::getenv("TERM")) old_ = old;
    ::setenv("TERM", value, 1);
  }
  ~TermIs() {
    if (old_)
      ::setenv("TERM", old_->c_str(), 1);
    else
      ::unsetenv("TERM");
  }

 private:
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("batch progress: only on a terminal other than the results', and not a dumb one",
          "[batch][progress]") {
  Pty screen, other;
  Captured file;
  const int results_file = fileno(file.file());
  TermIs term("xterm-256color");
  CHECK(spotcheck::cli::same_terminal(screen.a(), screen.b()));
  CHECK_FALSE(spotcheck::cli::same_terminal(screen.a(), other.a()));
  CHECK_FALSE(spotcheck::cli::same_terminal(results_file, screen.a()));
  CHECK_FALSE(spotcheck::cli::same_terminal(results_file, results_file));

  CHECK(progress_allowed(results_file, screen.a()));      // -o FILE or > FILE: the bar is fine
  CHECK(progress_allowed(other.a(), screen.a()));         // results on another terminal
  CHECK_FALSE(progress_allowed(screen.b(), screen.a()));  // results and bar on one screen
  CHECK_FALSE(progress_allowed(screen.a(), screen.a()));
  CHECK_FALSE(progress_allowed(screen.a(), results_file));  // stderr not a terminal
  {
    TermIs dumb("dumb");
    CHECK(spotcheck::cli::dumb_terminal());
    CHECK_FALSE(progress_allowed(results_file, screen.a()));
  }
  CHECK_FALSE(spotcheck::cli::dumb_terminal());
}
