#include "interrupt.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <fmt/format.h>

namespace spotcheck::cli {
namespace {

// Signal handlers may only touch lock-free atomics and call async-signal-safe functions.
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<const char*>::is_always_lock_free);

constexpr int kSignals[] = {SIGINT, SIGTERM};

std::atomic<int> g_signal{0};
std::atomic<int> g_wake_write{-1};
int g_wake_read = -1;
std::atomic<const char*> g_cleanup{nullptr};
struct sigaction g_previous[std::size(kSignals)];
bool g_installed[std::size(kSignals)] = {};

extern "C" void on_signal(int sig) {
  const int saved_errno = errno;
  int none = 0;
  if (g_signal.compare_exchange_strong(none, sig)) {
    // The first signal: record it and wake a thread waiting for input.
    const int fd = g_wake_write.load();
    if (fd >= 0) {
      const char byte = 0;
      [[maybe_unused]] const ssize_t n = ::write(fd, &byte, 1);
    }
  } else {
    // The second: end now, as the default action would, but without a stray temporary.
    if (const char* path = g_cleanup.load()) ::unlink(path);
    ::signal(sig, SIG_DFL);
    ::raise(sig);  // delivered when this handler returns
  }
  errno = saved_errno;
}

}  // namespace

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return fmt::format("signal {}", signal);
  }
}

InterruptGuard::InterruptGuard() {
  g_signal = 0;
  g_cleanup = nullptr;
  int fds[2];
  // Non-blocking, so the handler can never block on a full pipe.
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    g_wake_read = fds[0];
    g_wake_write = fds[1];
  }
  for (std::size_t i = 0; i < std::size(kSignals); ++i) {
    struct sigaction old {};
    ::sigaction(kSignals[i], nullptr, &old);
    if (old.sa_handler == SIG_IGN) continue;  // ignored by whoever started us: keep it so
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    g_installed[i] = ::sigaction(kSignals[i], &action, &g_previous[i]) == 0;
  }
}

InterruptGuard::~InterruptGuard() {
  for (std::size_t i = 0; i < std::size(kSignals); ++i)
    if (g_installed[i]) ::sigaction(kSignals[i], &g_previous[i], nullptr);
  for (bool& installed : g_installed) installed = false;
  g_cleanup = nullptr;
  const int fd = g_wake_write.exchange(-1);
  if (fd >= 0) ::close(fd);
  if (g_wake_read >= 0) ::close(g_wake_read);
  g_wake_read = -1;
}

const std::atomic<int>& InterruptGuard::flag() {
  return g_signal;
}

void InterruptGuard::check() {
  if (const int sig = g_signal.load(std::memory_order_relaxed)) throw Interrupted(sig);
}

void InterruptGuard::wait_readable(int fd) {
  // The wake pipe is never drained: once a signal came, it stays readable.
  pollfd fds[2] = {{fd, POLLIN, 0}, {g_wake_read, POLLIN, 0}};
  const nfds_t count = g_wake_read >= 0 ? 2 : 1;
  for (;;) {
    check();
    const int n = ::poll(fds, count, -1);
    if (n < 0 && errno != EINTR) return;  // let the read that follows report it
    check();
    if (n > 0 && fds[0].revents) return;
  }
}

void InterruptGuard::remove_on_second_signal(const std::string& path) {
  auto copy = std::make_unique<char[]>(path.size() + 1);
  std::memcpy(copy.get(), path.c_str(), path.size() + 1);
  g_cleanup = copy.get();
  paths_.push_back(std::move(copy));
}

void InterruptGuard::keep_file() {
  g_cleanup = nullptr;
}

}  // namespace spotcheck::cli
