#include "batch_progress.h"

#include <algorithm>
#include <cmath>
#include <unistd.h>

#include <fmt/format.h>

#include "terminal.h"

namespace spotcheck::cli {
namespace {

constexpr int kBarWidth = 20;

std::string megabytes(std::uint64_t bytes) {
  return fmt::format("{:.1f}", static_cast<double>(bytes) / 1e6);
}

std::string duration(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::max(0.0, std::round(seconds)));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

bool progress_allowed(int output_fd, int diag_fd) {
  return isatty(diag_fd) == 1 && !dumb_terminal() && !same_terminal(output_fd, diag_fd);
}

std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string progress_line(std::uint64_t bytes_done, std::uint64_t bytes_total, std::uint64_t cases,
                          double elapsed_seconds) {
  const double fraction =
      bytes_total == 0
          ? 1.0
          : std::min(1.0, static_cast<double>(bytes_done) / static_cast<double>(bytes_total));
  const int filled = static_cast<int>(fraction * kBarWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kBarWidth - filled), '-');
  const double rate = elapsed_seconds > 0 ? static_cast<double>(cases) / elapsed_seconds : 0.0;
  // Time left from the byte rate: bytes, unlike cases, are known for the whole input.
  std::string left = "--:-- left";
  if (bytes_done > 0 && elapsed_seconds > 0) {
    const double remaining = static_cast<double>(bytes_total - std::min(bytes_done, bytes_total));
    left = duration(remaining * elapsed_seconds / static_cast<double>(bytes_done)) + " left";
  }
  return fmt::format("[{}] {:3}%  {} of {} MB  {} cases/s  {}", bar,
                     static_cast<int>(fraction * 100), megabytes(bytes_done),
                     megabytes(bytes_total), with_commas(static_cast<std::uint64_t>(rate)), left);
}

void Progress::update(std::uint64_t bytes_done, std::uint64_t cases, double elapsed_seconds) {
  if (!enabled_ || elapsed_seconds < next_draw_) return;
  next_draw_ = elapsed_seconds + kInterval;
  // "\r" and erase-to-end-of-line: the bar overwrites itself and never scrolls.
  // fputs, not fmt::print: a failed write to stderr must not end the run.
  std::string line = "\r";
  line += progress_line(bytes_done, total_, cases, elapsed_seconds);
  line += "\x1b[K";
  std::fputs(line.c_str(), stream_);
  std::fflush(stream_);
  showing_ = true;
}

void Progress::clear() {
  if (!showing_) return;
  std::fputs("\r\x1b[K", stream_);
  std::fflush(stream_);
  showing_ = false;
}

}  // namespace spotcheck::cli
