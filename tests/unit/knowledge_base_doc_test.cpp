// docs/knowledge-base.md, the clinical reviewer's view of data/kb.json, must agree with it:
// counts, every rule with its level, every red flag's floor, every cause's codes, every
// source. (Dropping a code or a rule from one and not the other fails here.)
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <spotcheck/knowledge_base.h>

using namespace spotcheck;
using Catch::Contains;

namespace {

std::string doc() {
  std::ifstream in(SPOTCHECK_SOURCE_DIR "/docs/knowledge-base.md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The table row, in the section headed `section`, whose first cell is `first` (an id in
// backquotes). Rule and cause ids can be the same, so the section matters.
std::string row(const std::string& text, const std::string& section, const std::string& first) {
  const std::size_t from = text.find("\n## " + section + "\n");
  REQUIRE(from != std::string::npos);
  const std::size_t to = text.find("\n## ", from + 1);
  const std::string start = fmt::format("\n| `{}` |", first);
  const std::size_t at = text.find(start, from);
  if (at == std::string::npos || at > to) return {};
  if (at == std::string::npos) return {};
  return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST_CASE("the knowledge-base doc gives the knowledge base's counts", "[kb_doc]") {
  const auto kb = KnowledgeBase::embedded();
  const std::string text = doc();
  std::size_t flags = 0, file_rules = 0;
  for (const Finding& f : kb->findings()) flags += f.red_flag;
  for (const TriageRule& r : kb->triage_rules()) file_rules += r.floor_of == TriageRule::kNotAFloor;
  CHECK_THAT(text, Contains(fmt::format("| findings | {} questions", kb->input_finding_count())));
  CHECK_THAT(text, Contains(fmt::format("{} of them are red flags", flags)));
  CHECK_THAT(text,
             Contains(fmt::format("| triage rules | {} rules written in the file", file_rules)));
  CHECK_THAT(text, Contains(fmt::format("| causes | {} possible causes in {} categories",
                                        kb->causes().size(), kb->categories().size())));
  CHECK_THAT(text, Contains(fmt::format("| sources | {} references", kb->sources().size())));
}

TEST_CASE("the knowledge-base doc lists every rule, floor, cause code and source", "[kb_doc]") {
  const auto kb = KnowledgeBase::embedded();
  const std::string text = doc();
  for (const TriageRule& r : kb->triage_rules()) {
    const std::string level = kb->triage_levels()[r.level].id;
    if (r.floor_of != TriageRule::kNotAFloor) {
      const std::string line =
          row(text, "Red flags and their floors", kb->findings()[r.floor_of].id);
      INFO("red flag " << r.id);
      CHECK_THAT(line, Contains(fmt::format("| {} | `{}` |", level, r.id)));
      continue;
    }
    INFO("rule " << r.id);
    CHECK_THAT(row(text, "Triage rules", r.id), Contains(fmt::format("| {}", level)));
    for (const std::size_t c : r.points_to)
      CHECK_THAT(row(text, "Triage rules", r.id),
                 Contains(fmt::format("`{}`", kb->causes()[c].id)));
  }
  for (const Cause& c : kb->causes()) {
    const std::string line = row(text, "Causes", c.id);
    INFO("cause " << c.id);
    REQUIRE_FALSE(line.empty());
    for (const Code& code : c.codes)
      CHECK_THAT(line, Contains(fmt::format("{} ({})", code.code,
                                            code.system == "ICD-10 WHO" ? "WHO" : "CM")));
    // No code the knowledge base does not have: as many codes in the row as in the KB.
    CHECK(static_cast<std::size_t>(std::count(line.begin(), line.end(), '(')) >= c.codes.size());
  }
  for (const Source& s : kb->sources()) {
    INFO("source " << s.id);
    CHECK_FALSE(row(text, "Sources", s.id).empty());
  }
}
