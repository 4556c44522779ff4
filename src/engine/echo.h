// Input quoted back in a message, which must stay one short line whatever the input holds.
#pragma once

#include <string>
#include <string_view>

namespace spotcheck::detail {

/// `text` as quoted back in a message: at most 40 bytes (cut at a character boundary, then
/// "..."), so that a megabyte of input makes a short message, and control characters as
/// escapes ("\n", "\x1b"), so that a key or cell holding a line break cannot split it.
std::string echo(std::string_view text);
/// `text` with control characters as those escapes, whole (for messages the program wrote
/// itself, which may quote a key, but are already bounded).
std::string escape_controls(std::string_view text);

}  // namespace spotcheck::detail
