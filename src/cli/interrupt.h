// Ending a long run cleanly on SIGINT and SIGTERM: the signal only sets a flag, and the
// run stops at its next check (between blocks of cases, or while waiting for input),
// with only whole lines written and no temporary file left.
#pragma once

#include <atomic>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace spotcheck::cli {

/// Thrown where a run notices that it was interrupted, so that the stack unwinds (which
/// removes a temporary output file) and the command can exit with 128 + the signal.
class Interrupted : public std::exception {
 public:
  explicit Interrupted(int signal) : signal_(signal) {}
  int signal() const { return signal_; }
  const char* what() const noexcept override { return "interrupted"; }

 private:
  int signal_;
};

/// "SIGINT", "SIGTERM" (for messages).
std::string signal_name(int signal);

/// While it lives, the first SIGINT or SIGTERM does not end the process: the handler
/// only stores the signal number in flag() and writes a byte to a pipe that
/// wait_readable() watches. A second signal ends the process at once, as if it were not
/// caught, after removing the file named to remove_on_second_signal(): an impatient user
/// (or a run stuck writing to a reader that stopped reading) is not kept waiting.
/// A signal that was ignored when the guard was made (a background job of a
/// non-interactive shell) stays ignored. The handlers are installed with SA_RESTART, so
/// a write in progress completes instead of failing with a partial line. One guard at a
/// time; the destructor restores the previous handlers.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// Set by the first signal to its number; 0 until then (and with no guard).
  static const std::atomic<int>& flag();
  /// Throws Interrupted if a signal has arrived.
  static void check();
  /// Waits until `fd` can be read without blocking. Throws Interrupted if a signal has
  /// arrived or arrives meanwhile (even on another thread). With no guard, just waits.
  static void wait_readable(int fd);

  /// A file (a temporary output) that a second signal removes before the process ends.
  void remove_on_second_signal(const std::string& path);
  /// Forgets that file (it is about to be renamed, or is gone).
  void keep_file();

 private:
  // Copies of the paths given, kept until the destructor: a handler may be reading one.
  std::vector<std::unique_ptr<char[]>> paths_;
};

}  // namespace spotcheck::cli
