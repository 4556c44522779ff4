// Wrapping text for a person to the width of the terminal, keeping hanging indents: a
// line's continuation starts under its text, after the indent and a list marker. No I/O;
// the width comes from output_width() (terminal.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace spotcheck::cli {

/// Columns `s` takes on a terminal: one per UTF-8 code point (bytes 10xxxxxx do not
/// count; the knowledge bases are in languages written without double-width characters),
/// none for ANSI escape sequences (ESC [ ... final letter).
std::size_t display_width(std::string_view s);

/// Wraps one line (no '\n') to `width` columns at spaces; continuation lines start with
/// `hang` spaces. A word wider than the room left is put alone on a line, unbroken (a link
/// stays whole, to be copied); so do "a / b" (a flag's two spellings) and a parenthesis of
/// up to 30 columns ("(finding stiff_neck)"). Runs of spaces between words are kept where
/// no break falls.
std::string wrap_line(std::string_view line, std::size_t width, std::size_t hang);

/// Wraps each line of `text` with wrap_line; its hanging indent is the line's leading
/// spaces plus a list marker right after them ("- ", "+ ", "! ", "12. "), so that what
/// continues reads under the text, not under the marker.
std::string wrap_text(std::string_view text, std::size_t width);

}  // namespace spotcheck::cli
