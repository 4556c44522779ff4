// What a line typed at an `ask` prompt means: commands, answers in the one grammar, and
// the messy input people type (case, spaces, CRLF, typos, nothing at all).
#include "ask_reply.h"

#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <spotcheck/knowledge_base.h>

#include "test_kb.h"

using namespace spotcheck;
using namespace spotcheck::cli;
using Catch::Contains;

namespace {

const KnowledgeBase& kb() {
  return test::embedded_kb();
}

Reply reply(const char* finding, const char* line) {
  return read_reply(kb(), *kb().find_finding(finding), line);
}

}  // namespace

TEST_CASE("commands, in any case and with spaces or a CR around them", "[ask]") {
  CHECK(reply("fever", "why").kind == ReplyKind::kWhy);
  CHECK(reply("fever", "  WHY \r").kind == ReplyKind::kWhy);
  CHECK(reply("fever", "Back").kind == ReplyKind::kBack);
  CHECK(reply("fever", "skip").kind == ReplyKind::kSkip);
  CHECK(reply("fever", "help").kind == ReplyKind::kHelp);
  CHECK(reply("age", "QUIT").kind == ReplyKind::kQuit);
}

TEST_CASE("yes, no and don't know through the answer grammar", "[ask]") {
  CHECK(reply("fever", "YES").value == 1);
  CHECK(reply("fever", "y\r").value == 1);
  CHECK(reply("fever", "  No ").value == 0);
  CHECK(reply("fever", "n").kind == ReplyKind::kAnswer);
  const Reply unknown = reply("fever", "?");
  CHECK(unknown.kind == ReplyKind::kAnswer);
  CHECK(std::isnan(unknown.value));
  CHECK(std::isnan(reply("fever", "don't know").value));
}

TEST_CASE("nothing typed is not an answer", "[ask]") {
  CHECK(reply("fever", "").kind == ReplyKind::kBlank);
  CHECK(reply("fever", "  \r").kind == ReplyKind::kBlank);
}

TEST_CASE("numbers with units and range checks, choices by number or name", "[ask]") {
  CHECK(reply("age", "6m").value == Approx(0.5));
  CHECK(reply("age", "2 weeks").value == Approx(2 * 0.0191780821917808));
  CHECK(reply("age", "4").value == 4);
  CHECK(reply("size_mm", "1.5cm").value == Approx(15));
  const Reply big = reply("age", "200");
  CHECK(big.kind == ReplyKind::kInvalid);
  CHECK_THAT(big.problem, Contains("between 0 and 130"));
  CHECK_THAT(reply("age", "abc").problem, Contains("takes a number"));
  CHECK(reply("lesion", "2").value == 1);
  CHECK(reply("lesion", "Purpura").value == 1);
  CHECK_THAT(reply("lesion", "purpra").problem, Contains("did you mean 'purpura'?"));
}

TEST_CASE("a slip of the fingers gets a suggestion", "[ask]") {
  const Reply yse = reply("fever", "yse");
  CHECK(yse.kind == ReplyKind::kInvalid);
  CHECK_THAT(yse.problem, Contains("did you mean 'yes'?"));
  CHECK_THAT(reply("fever", "wyh").problem, Contains("did you mean 'why'?"));
  const Reply other = reply("fever", "pause");
  CHECK(other.kind == ReplyKind::kInvalid);
  CHECK_THAT(other.problem, Contains("takes yes or no"));
}

TEST_CASE("what is quoted back is printable", "[ask]") {
  const Reply r = reply("fever", "\x1b[31mred");
  CHECK(r.kind == ReplyKind::kInvalid);
  CHECK(r.problem.find('\x1b') == std::string::npos);
}

namespace {

// A reply to a list of `listed` members headed by the finding "unwell".
Reply screen(const char* line, std::size_t listed = 9) {
  return read_screen_reply(kb(), *kb().find_finding("unwell"), listed, line);
}

}  // namespace

TEST_CASE("a list: numbers, none, ? and numbers with ?", "[ask][screen]") {
  const Reply one = screen("3");
  CHECK(one.kind == ReplyKind::kAnswer);
  CHECK(one.picks == std::vector<std::size_t>{2});
  CHECK(one.value == 0);  // the others: a no
  CHECK(screen(" 1 3\r").picks == std::vector<std::size_t>{0, 2});
  CHECK(screen("3,1").picks == std::vector<std::size_t>{0, 2});  // sorted
  CHECK(screen("1, 3 and 9").picks == std::vector<std::size_t>{0, 2, 8});
  CHECK(screen("3 3 3").picks == std::vector<std::size_t>{2});  // once each
  CHECK(screen("10", 10).picks == std::vector<std::size_t>{9});
  const Reply unsure = screen("2 ?");
  CHECK(unsure.kind == ReplyKind::kAnswer);
  CHECK(unsure.picks == std::vector<std::size_t>{1});
  CHECK(std::isnan(unsure.value));  // the others: not known
  for (const char* none : {"none", "NONE", " None ", "n", "no"}) {
    INFO(none);
    const Reply r = screen(none);
    CHECK(r.kind == ReplyKind::kAnswer);
    CHECK(r.picks.empty());
    CHECK(r.value == 0);
  }
  for (const char* dont_know : {"?", "don't know", "unknown"}) {
    INFO(dont_know);
    const Reply r = screen(dont_know);
    CHECK(r.kind == ReplyKind::kAnswer);
    CHECK(r.picks.empty());
    CHECK(std::isnan(r.value));
  }
  CHECK(screen("why").kind == ReplyKind::kWhy);
  CHECK(screen(" BACK").kind == ReplyKind::kBack);
  CHECK(screen("skip").kind == ReplyKind::kSkip);
  CHECK(screen("").kind == ReplyKind::kBlank);
}

TEST_CASE("a list: a yes, a number outside it and anything else are explained", "[ask][screen]") {
  const Reply yes = screen("yes");
  CHECK(yes.kind == ReplyKind::kInvalid);
  CHECK_THAT(yes.problem, Contains("Which of them?") && Contains("(1 to 9"));
  const Reply out = screen("1,99");
  CHECK(out.kind == ReplyKind::kInvalid);
  CHECK(out.picks.empty());  // nothing of it is kept
  CHECK_THAT(out.problem, Contains("99 is not in the list."));
  CHECK_THAT(screen("0").problem, Contains("0 is not in the list."));
  CHECK_THAT(screen("10").problem, Contains("10 is not in the list."));
  CHECK_THAT(screen("123456789012345678901234567890").problem,
             Contains("12345678 is not in the list."));  // quoted short
  CHECK_THAT(screen("yes please").problem, Contains("'yes please' is not one of the numbers."));
  CHECK_THAT(screen("1 and fever").problem, Contains("is not one of the numbers"));
  CHECK_THAT(screen("whu").problem, Contains("did you mean 'why'?"));
  CHECK_THAT(screen("non").problem, Contains("did you mean 'none'?"));
  const Reply hostile = screen("\x1b[2J\xff 1");
  CHECK(hostile.kind == ReplyKind::kInvalid);
  CHECK(hostile.problem.find('\x1b') == std::string::npos);
}
