#include "printable.h"

#include <catch2/catch.hpp>

using spotcheck::cli::printable;

TEST_CASE("printable keeps plain text and valid UTF-8", "[printable]") {
  CHECK(printable("unknown finding 'fevr'") == "unknown finding 'fevr'");
  CHECK(printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad") ==
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad");
  CHECK(printable("\xc2\xa0nbsp") == "\xc2\xa0nbsp");  // U+00A0: the first after C1
  CHECK(printable("") == "");
}

TEST_CASE("printable replaces line breaks and terminal controls", "[printable]") {
  CHECK(printable("a\nb\rc\td") == "a?b?c?d");
  CHECK(printable("\x1b[31mred\x1b[0m") == "?[31mred?[0m");
  CHECK(printable("\x1b]0;title\x07") == "?]0;title?");  // OSC: set the window title
  CHECK(printable(std::string("nul\0byte", 8)) == "nul?byte");
  CHECK(printable("del\x7f") == "del?");
  CHECK(printable("csi\xc2\x9b"
                  "31m") == "csi?31m");  // U+009B, the 8-bit CSI, as UTF-8
  CHECK(printable("\xc2\x80\xc2\x9f") == "??");
}

TEST_CASE("printable replaces each byte that is not valid UTF-8", "[printable]") {
  CHECK(printable("raw\x9b"
                  "31m") == "raw?31m");   // a lone 8-bit CSI
  CHECK(printable("caf\xe9") == "caf?");  // Latin-1
  CHECK(printable("\xff\xfe") == "??");
  CHECK(printable("cut \xf0\x9f\x98") == "cut ???");  // a truncated sequence
  CHECK(printable("\xc0\xaf") == "??");               // overlong '/'
  CHECK(printable("\xe0\x80\xaf") == "???");          // overlong, 3 bytes
  CHECK(printable("\xed\xa0\x80") == "???");          // a UTF-16 surrogate
  CHECK(printable("\xf4\x90\x80\x80") == "????");     // past U+10FFFF
  CHECK(printable("\xc3") == "?");                    // cut at the end
  CHECK(printable("\xc3\x28") == "?(");               // a bad continuation
}
