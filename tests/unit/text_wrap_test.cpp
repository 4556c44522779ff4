// Wrapping text to the terminal's width: display width of UTF-8 and escape sequences,
// breaks at spaces only, hanging indents after list markers, long words left whole.
#include "text_wrap.h"

#include <catch2/catch.hpp>

using namespace spotcheck::cli;

TEST_CASE("display width counts characters, not bytes or escape sequences", "[text_wrap]") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("°C ≥ é") == 6);
  CHECK(display_width("\x1b[1;97;41m EMERGENCY \x1b[0m") == 11);
  // A truncated escape sequence or a stray continuation byte does not crash or count.
  CHECK(display_width("\x1b[1") == 0);
  CHECK(display_width("\x80\x80") == 0);
}

TEST_CASE("wrap_line breaks at spaces with a hanging indent", "[text_wrap]") {
  CHECK(wrap_line("  one two three four", 10, 4) == "  one two\n    three\n    four");
  // Fits: unchanged, double spaces kept.
  CHECK(wrap_line("a  b", 10, 0) == "a  b");
  // A word longer than the width is put alone on its line, unbroken.
  CHECK(wrap_line("see https://example.org/long/path now", 12, 2) ==
        "see\n  https://example.org/long/path\n  now");
  // A flag's two spellings are not split at the slash.
  CHECK(wrap_line("ask --fever / --no-fever", 14, 2) == "ask\n  --fever / --no-fever");
  // A short parenthesis stays together; a long one breaks like any words.
  CHECK(wrap_line("Stiff neck?  (finding stiff_neck)", 20, 0) ==
        "Stiff neck?\n(finding stiff_neck)");
  CHECK(wrap_line("x (a b c d e f g h i j k l m n o p)", 12, 0) ==
        "x (a b c d e\nf g h i j k\nl m n o p)");
  // Trailing spaces are dropped; an empty line stays empty.
  CHECK(wrap_line("word   ", 20, 0) == "word");
  CHECK(wrap_line("", 20, 0).empty());
}

TEST_CASE("wrap_text hangs continuation lines under the text after a marker", "[text_wrap]") {
  CHECK(wrap_text("  - alpha beta gamma\n", 12) == "  - alpha\n    beta\n    gamma\n");
  CHECK(wrap_text("  12. alpha beta\n", 12) == "  12. alpha\n      beta\n");
  CHECK(wrap_text("  plain words here\n", 12) == "  plain\n  words here\n");
  // Lines are wrapped one by one; blank lines and a missing final newline are kept.
  CHECK(wrap_text("a b\n\nc d", 3) == "a b\n\nc d");
  CHECK(wrap_text("-x y", 3) == "-x\ny");  // not a marker without its space
}
