#include "interrupt.h"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <catch2/catch.hpp>

using spotcheck::cli::Interrupted;
using spotcheck::cli::InterruptGuard;
using spotcheck::cli::signal_name;

namespace {

using Handler = void (*)(int);

Handler current_handler(int sig) {
  struct sigaction now {};
  ::sigaction(sig, nullptr, &now);
  return now.sa_handler;
}

// A pipe with nothing written to it: reading it would wait for ever.
struct Pipe {
  Pipe() { REQUIRE(::pipe(fds) == 0); }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int fds[2];
};

}  // namespace

TEST_CASE("interrupt guard: a signal only sets the flag", "[interrupt]") {
  const Handler before = current_handler(SIGTERM);
  {
    InterruptGuard guard;
    CHECK(InterruptGuard::flag() == 0);
    CHECK_NOTHROW(InterruptGuard::check());
    std::raise(SIGTERM);  // would end the test process without the guard
    CHECK(InterruptGuard::flag() == SIGTERM);
    try {
      InterruptGuard::check();
      FAIL("no Interrupted");
    } catch (const Interrupted& e) {
      CHECK(e.signal() == SIGTERM);
    }
    // Once interrupted, waiting for input does not wait.
    Pipe idle;
    CHECK_THROWS_AS(InterruptGuard::wait_readable(idle.fds[0]), Interrupted);
  }
  CHECK(current_handler(SIGTERM) == before);  // restored
  // A new guard starts afresh.
  InterruptGuard again;
  CHECK(InterruptGuard::flag() == 0);
}

TEST_CASE("interrupt guard: a signal on another thread ends a wait for input", "[interrupt]") {
  InterruptGuard guard;
  Pipe idle;
  std::thread other([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::raise(SIGINT);  // handled on this thread, not the waiting one
  });
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(InterruptGuard::wait_readable(idle.fds[0]), Interrupted);
  other.join();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(InterruptGuard::flag() == SIGINT);
}

TEST_CASE("interrupt guard: input that is ready is not waited for", "[interrupt]") {
  InterruptGuard guard;
  Pipe ready;
  REQUIRE(::write(ready.fds[1], "x", 1) == 1);
  CHECK_NOTHROW(InterruptGuard::wait_readable(ready.fds[0]));
}

TEST_CASE("interrupt guard leaves an ignored signal ignored", "[interrupt]") {
  struct sigaction ignore {
  }, old{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGINT, &ignore, &old);
  {
    InterruptGuard guard;
    CHECK(current_handler(SIGINT) == SIG_IGN);
    CHECK(current_handler(SIGTERM) != SIG_IGN);
  }
  CHECK(current_handler(SIGINT) == SIG_IGN);
  ::sigaction(SIGINT, &old, nullptr);
}

TEST_CASE("interrupt guard: a second signal ends the process and removes the named file",
          "[interrupt]") {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("spotcheck-interrupt-" + std::to_string(getpid())))
          .string();
  std::ofstream(path) << "partial";
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    InterruptGuard guard;
    guard.remove_on_second_signal(path);
    std::raise(SIGTERM);  // the first: only the flag
    if (InterruptGuard::flag() != SIGTERM) ::_exit(3);
    std::raise(SIGTERM);  // the second: the end
    ::_exit(4);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM));
  CHECK_FALSE(std::filesystem::exists(path));
  std::filesystem::remove(path);
}

TEST_CASE("interrupt: signal names for messages", "[interrupt]") {
  CHECK(signal_name(SIGINT) == "SIGINT");
  CHECK(signal_name(SIGTERM) == "SIGTERM");
  CHECK(signal_name(1) == "signal 1");
}
