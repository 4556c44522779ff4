// The progress bar of a long `spotcheck batch` run: bytes read, cases per second, time
// left, redrawn in place on stderr.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace spotcheck::cli {

/// The bar's text (no "\r", no newline), e.g.
/// "[#########-----------]  45%  12.3 of 27.4 MB  162,000 cases/s  0:09 left".
std::string progress_line(std::uint64_t bytes_done, std::uint64_t bytes_total, std::uint64_t cases,
                          double elapsed_seconds);

/// "1,234,567": counts in the summary and the bar are read by people.
std::string with_commas(std::uint64_t n);

/// Whether a bar may be drawn on `diag_fd`: it is a terminal, TERM is not "dumb" (the bar
/// redraws itself with an escape sequence), and the results (`output_fd`) do not go to
/// that same terminal, where the bar would be drawn in the middle of them.
bool progress_allowed(int output_fd, int diag_fd);

/// Draws progress_line() on a terminal. The caller decides whether it is wanted
/// (progress_allowed(), the input a regular file of known size, no --quiet); a disabled
/// Progress does nothing. It stays silent for the first second, so short runs never flash a bar,
/// then redraws at most ten times a second.
class Progress {
 public:
  Progress(std::FILE* stream, std::uint64_t bytes_total, bool enabled)
      : stream_(stream), total_(bytes_total), enabled_(enabled) {}

  /// Elapsed time is passed in, not read from a clock, so tests can drive it.
  void update(std::uint64_t bytes_done, std::uint64_t cases, double elapsed_seconds);
  /// Erases the bar if it is showing, before other text goes to the same terminal.
  void clear();
  bool showing() const { return showing_; }

  static constexpr double kFirstDraw = 1.0;  ///< seconds before the first draw
  static constexpr double kInterval = 0.1;   ///< seconds between redraws

 private:
  std::FILE* stream_;
  std::uint64_t total_;
  bool enabled_;
  bool showing_ = false;
  double next_draw_ = kFirstDraw;
};

}  // namespace spotcheck::cli
