// The `spotcheck query ...` line that `ask` prints: every answer as its flag, shell-safe.
#include "query_line.h"

#include <catch2/catch.hpp>

#include <spotcheck/case.h>

using namespace spotcheck;
using namespace spotcheck::cli;

TEST_CASE("words are quoted for the shell only when they need it", "[ask]") {
  CHECK(shell_quoted("6m") == "6m");
  CHECK(shell_quoted("cases/a.json") == "cases/a.json");
  CHECK(shell_quoted("6 months") == "'6 months'");
  CHECK(shell_quoted("it's") == "'it'\\''s'");
  CHECK(shell_quoted("") == "''");
  CHECK(shell_quoted("$(rm -rf /)") == "'$(rm -rf /)'");
}

TEST_CASE("the query line gives every answer as its flag, in knowledge-base order", "[ask]") {
  const auto kb = KnowledgeBase::embedded();
  Case c(*kb);
  c.set_bool(*kb->find_finding("fever"), true);
  c.set_bool(*kb->find_finding("unwell"), false);
  c.set(*kb->find_finding("lesion"), 1);
  c.set(*kb->find_finding("age"), 0.5);
  CHECK(query_command_line(*kb, c, {}) ==
        "spotcheck query --age 0.5 --lesion purpura --fever --no-unwell");
  std::vector<std::string> typed(kb->input_finding_count());
  typed[*kb->find_finding("age")] = "6 months";
  CHECK(query_command_line(*kb, c, typed, "my kb.json") ==
        "spotcheck query --kb 'my kb.json' --age '6 months' --lesion purpura --fever --no-unwell");
  CHECK(query_command_line(*kb, Case(*kb), {}) == "spotcheck query");
}
