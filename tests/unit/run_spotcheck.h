// Runs the built spotcheck binary as a child process, for end-to-end tests: feeds stdin,
// collects stdout, stderr and the exit status.
#pragma once

#include <cerrno>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace spotcheck::test {

struct Run {
  int status = -1;  // exit code, or 128 + signal
  std::string out, err;
};

/// Runs `program` with `args`, writing `input` to its stdin. `env` entries ("K=V") are
/// added to (or replace) the current environment; "K=" alone removes K.
inline Run run_program(const std::string& program, const std::vector<std::string>& args,
                       const std::string& input = {}, const std::vector<std::string>& env = {}) {
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
    posix_spawn_file_actions_addclose(&actions, fd);

  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string key = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& v : env) replaced |= v.substr(0, v.find('=')) == key;
    if (!replaced) environment.push_back(entry);
  }
  for (const auto& v : env)
    if (v.back() != '=') environment.push_back(v);
  std::vector<char*> envp;
  for (auto& v : environment) envp.push_back(v.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (rc != 0) throw std::runtime_error("cannot run " + program + ": " + std::strerror(rc));

  // Write stdin and read both outputs together, so that neither pipe can fill and block.
  std::signal(SIGPIPE, SIG_IGN);
  Run result;
  std::size_t written = 0;
  if (input.empty()) close(in[1]);
  bool in_open = !input.empty(), out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (in_open) fds.push_back({in[1], POLLOUT, 0});
    if (out_open) fds.push_back({out[0], POLLIN, 0});
    if (err_open) fds.push_back({err[0], POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    for (const pollfd& p : fds) {
      if (!p.revents) continue;
      if (p.fd == in[1]) {
        const ssize_t n = write(in[1], input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == input.size()) {
          close(in[1]);
          in_open = false;
        }
      } else {
        const ssize_t n = read(p.fd, buffer, sizeof buffer);
        if (n <= 0) {
          close(p.fd);
          (p.fd == out[0] ? out_open : err_open) = false;
        } else {
          (p.fd == out[0] ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
        }
      }
    }
  }
  if (in_open) close(in[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

/// Runs the spotcheck binary under test, with colour forced off by the environment.
inline Run run_spotcheck(const std::vector<std::string>& args, const std::string& input = {},
                         const std::vector<std::string>& env = {}) {
  std::vector<std::string> all{"NO_COLOR=1"};
  all.insert(all.end(), env.begin(), env.end());
  return run_program(SPOTCHECK_BIN, args, input, all);
}

/// Number of lines in `s` (a final line without newline counts).
inline std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n + (!s.empty() && s.back() != '\n');
}

}  // namespace spotcheck::test
