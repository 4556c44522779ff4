// What a line typed at an `ask` prompt means: commands, answers in the one grammar, and
// the messy input people type (case, spaces, CRLF, typos, nothing at all).
#include "ask_reply.h"

#include <cmath>

#include <catch2/catch.hpp>

#include <spotcheck/knowledge_base.h>

using namespace spotcheck;
using namespace spotcheck::cli;
using Catch::Contains;

namespace {

const KnowledgeBase& kb() {
  static const auto embedded = KnowledgeBase::embedded();
  return *embedded;
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
