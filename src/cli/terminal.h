// Colour on terminals only: off with NO_COLOR, TERM=dumb, --color never or when the
// stream is not a terminal. All colour goes through Style, so nothing else emits ANSI.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace spotcheck::cli {

enum class ColorChoice { kAuto, kAlways, kNever };

class Style {
 public:
  Style() = default;
  explicit Style(bool enabled) : enabled_(enabled) {}
  /// Decides for `stream` from the choice, the environment and whether it is a terminal.
  static Style for_stream(std::FILE* stream, ColorChoice choice);

  bool enabled() const { return enabled_; }
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  /// `s` in a triage level's colour (TriageLevel::color, one of kLevelColors; the knowledge
  /// base chooses it, so any number of levels gets the colours its author meant).
  std::string level(std::string_view color, std::string_view s) const;

 private:
  std::string wrap(std::string_view code, std::string_view s) const;
  bool enabled_ = false;
};

/// The width to wrap text for `stream` to: the terminal's columns (ioctl TIOCGWINSZ) when
/// it is a terminal, else the COLUMNS environment variable, else 80; never under 20, so
/// that a hanging indent still leaves room for words.
std::size_t output_width(std::FILE* stream);

/// Whether `stream` is an interactive terminal.
bool is_terminal(std::FILE* stream);

/// Whether TERM is "dumb": a terminal (an editor's shell buffer, say) that shows escape
/// sequences as text instead of acting on them.
bool dumb_terminal();

/// Whether both descriptors are the same terminal device: stdout and stderr both on the
/// screen, say, where text written to one lands in the middle of the other's.
bool same_terminal(int fd_a, int fd_b);

}  // namespace spotcheck::cli
