// Entry point: run the command line and map every error to one line on stderr and its
// documented exit code.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>

#include <fmt/format.h>

#include <spotcheck/error.h>

#include "commands.h"
#include "printable.h"

int main(int argc, char** argv) {
  // Write errors (EPIPE included) come back as errors, so a closed pipe ends the run
  // quietly with status 0 instead of a signal (see Output::flush).
  std::signal(SIGPIPE, SIG_IGN);
  int rc = spotcheck::kExitInternal;
  try {
    rc = spotcheck::cli::run_app(argc, argv);
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
      if (errno == EPIPE) return spotcheck::kExitOk;
      fmt::print(stderr, "spotcheck: error: cannot write to stdout: {}\n", std::strerror(errno));
      return spotcheck::kExitIo;
    }
  } catch (const spotcheck::Error& e) {
    std::fflush(stdout);
    // Messages can quote the input (a key of a case, a knowledge-base line): one line, and
    // nothing in it may act on the terminal.
    fmt::print(stderr, "spotcheck: error: {}\n", spotcheck::cli::printable(e.what()));
    rc = e.exit_code();
  } catch (const std::exception& e) {
    fmt::print(stderr, "spotcheck: internal error: {}\n", spotcheck::cli::printable(e.what()));
    rc = spotcheck::kExitInternal;
  }
  return rc;
}
