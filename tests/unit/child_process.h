// A spotcheck run that a test feeds at its own pace and can signal mid-run: stdin is a
// pipe the test holds, stdout and stderr go to files or to a pipe the test reads.
#pragma once

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace spotcheck::test {

class Child {
 public:
  /// Runs `program args`; stdout to `out_path` ("" for a pipe read with read_some()),
  /// stderr to `err_path`. SIGINT and SIGTERM start with their default action even if
  /// the test runs where they are ignored (as in a background job).
  Child(const std::string& program, const std::vector<std::string>& args,
        const std::string& out_path, const std::string& err_path) {
    std::signal(SIGPIPE, SIG_IGN);  // feeding a child that has ended must not kill the test
    int in[2], out[2] = {-1, -1};
    if (::pipe(in) != 0 || (out_path.empty() && ::pipe(out) != 0))
      throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    if (out_path.empty())
      posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    else
      posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                       0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    for (int fd : {in[0], in[1], out[0], out[1]})
      if (fd >= 0) posix_spawn_file_actions_addclose(&actions, fd);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> storage{program};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, program.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(in[0]);
    if (out[1] >= 0) ::close(out[1]);
    in_ = in[1];
    out_ = out[0];
    if (rc != 0) throw std::runtime_error("cannot run " + program);
  }
  ~Child() {
    if (pid_ > 0 && !done_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    close_input();
    if (out_ >= 0) ::close(out_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void feed(const std::string& data) {
    for (std::size_t done = 0; done < data.size();) {
      const ssize_t n = ::write(in_, data.data() + done, data.size() - done);
      if (n <= 0) throw std::runtime_error("cannot feed the child");
      done += static_cast<std::size_t>(n);
    }
  }
  void close_input() {
    if (in_ >= 0) ::close(in_);
    in_ = -1;
  }
  void signal(int sig) const { ::kill(pid_, sig); }

  /// Appends what the stdout pipe holds, waiting up to `ms` for some; false at its end.
  bool read_some(std::string& into, int ms = 10000) {
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return true;
    char buffer[65536];
    const ssize_t n = ::read(out_, buffer, sizeof buffer);
    if (n <= 0) return false;
    into.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  struct Status {
    bool ended = false;  // false: still running after the wait
    int exit_code = -1;  // when it exited
    int signal = 0;      // when a signal ended it
  };
  /// Waits up to `seconds` for the child to end.
  Status wait(double seconds = 20) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
      int status = 0;
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        done_ = true;
        Status s;
        s.ended = true;
        if (WIFEXITED(status)) s.exit_code = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) s.signal = WTERMSIG(status);
        return s;
      }
      if (std::chrono::steady_clock::now() >= until) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  bool done_ = false;
};

/// Polls `condition` every 10 ms for up to `seconds`; returns its last value.
template <typename F>
bool eventually(F condition, double seconds = 20) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace spotcheck::test
