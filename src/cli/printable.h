// Text that came from the input, made safe to print on a terminal inside one line of
// stderr: a case can hold any bytes, and a message that echoes it must neither break the
// one-line-per-error rule nor let the input drive the terminal.
#pragma once

#include <string>
#include <string_view>

namespace spotcheck::cli {

/// `text` with '?' in place of everything that could end the line or act on a terminal:
/// the C0 controls (newline, carriage return, ESC, ...), DEL, the C1 controls U+0080 to
/// U+009F (CSI among them, one '?' for the two bytes), and each byte that is not part of
/// valid UTF-8 (a terminal in an 8-bit encoding reads a lone 0x9b as CSI). Other valid
/// UTF-8 is kept, so names in any script stay readable.
std::string printable(std::string_view text);

}  // namespace spotcheck::cli
