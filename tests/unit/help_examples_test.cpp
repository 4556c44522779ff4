// The examples at the foot of --help come from the knowledge base in use, and each one
// that answers findings runs as printed with that knowledge base.
#include "help_examples.h"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/embedded_kb.h>

#include "read_all.h"
#include "run_spotcheck.h"

using namespace spotcheck;
using namespace spotcheck::cli;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

const std::string kNosebleeds = SPOTCHECK_SOURCE_DIR "/data/examples/nosebleeds/kb.json";

std::vector<std::string> lines_starting(const std::string& text, const std::string& start) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(start, 0) == 0) out.push_back(line.substr(start.size()));
  return out;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Runs every "spotcheck query --flag ..." example (those without files or pipes) and every
// "echo '...' | spotcheck query --json" one; each must give a result and exit 0.
void run_examples(const std::string& footer, const std::string& kb_path) {
  std::size_t ran = 0;
  for (const std::string& flags : lines_starting(footer, "  spotcheck query --")) {
    if (flags.find("case.json") != std::string::npos) continue;
    std::vector<std::string> args{"query", "--kb", kb_path};
    for (const std::string& w : words("--" + flags)) args.push_back(w);
    INFO(flags);
    const auto r = test::run_program(SPOTCHECK_BIN, args, "", {"NO_COLOR=1"});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK_FALSE(r.out.empty());
    ++ran;
  }
  for (const std::string& piped : lines_starting(footer, "  echo '")) {
    const std::string text = piped.substr(0, piped.find("' | spotcheck query --json"));
    INFO(text);
    const auto r = test::run_program(SPOTCHECK_BIN, {"query", "--kb", kb_path, "--json"}, text);
    CHECK(r.status == 0);
    CHECK(json::parse(r.out).contains("triage"));
    ++ran;
  }
  CHECK(ran == 3);  // two flag examples and the piped one
}

}  // namespace

TEST_CASE("the built-in knowledge base's examples are its own flags", "[help]") {
  const auto kb = KnowledgeBase::embedded();
  const std::string footer = help_examples(*kb);
  CHECK_THAT(footer, Contains("  spotcheck query --age 3 --lesion petechiae --fever\n"));
  CHECK_THAT(footer, Contains("  spotcheck ask --age 4 --json --save case.json"));
  CHECK_THAT(footer, Contains("--fail-on urgent\n"));
  CHECK_THAT(help_closing(), Contains("Anything not given is unknown, not no") &&
                                 Contains("Educational information, not a diagnosis."));
  run_examples(footer, SPOTCHECK_SOURCE_DIR "/data/kb.json");
}

TEST_CASE("another knowledge base's --help shows examples that work with it", "[help]") {
  const auto kb = KnowledgeBase::load(test::read_file(kNosebleeds), kNosebleeds);
  const std::string footer = help_examples(*kb);
  CHECK_THAT(footer,
             !Contains("petechiae") && !Contains("--fever") && !Contains("--fail-on urgent"));
  CHECK_THAT(footer, Contains("--fail-on " + kb->triage_levels()[1].id));
  run_examples(footer, kNosebleeds);
  // Through the binary, as a user sees it.
  const auto r = test::run_program(SPOTCHECK_BIN, {"query", "--kb", kNosebleeds, "--help"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains(footer + "\n" + help_closing()) && !Contains("--lesion petechiae"));
}

TEST_CASE("an example typed with units and other spellings is shown as typed", "[help]") {
  json doc = json::parse(test::read_file(SPOTCHECK_SOURCE_DIR "/data/kb.json"));
  doc["wording"]["examples"] = {{{"age", "6m"}, {"Stiff-Neck", true}, {"size_mm", "1.5cm"}}};
  const auto kb = KnowledgeBase::load(doc.dump(), "typed.json");
  const std::string footer = help_examples(*kb);
  CHECK_THAT(footer, Contains("  spotcheck query --age 6m --size-mm 1.5cm --stiff-neck\n"));
  // That line gives the same result as the case piped in.
  const auto flags = test::run_program(
      SPOTCHECK_BIN, {"query", "--json", "--age", "6m", "--size-mm", "1.5cm", "--stiff-neck"});
  const auto piped = test::run_program(SPOTCHECK_BIN, {"query", "--json"},
                                       R"({"Stiff-Neck":true,"age":"6m","size_mm":"1.5cm"})");
  CHECK(flags.status == 0);
  CHECK(flags.out == piped.out);
}

TEST_CASE("without examples, --help names no finding, and a broken one is left out", "[help]") {
  json doc = json::parse(test::read_file(kNosebleeds));
  doc["wording"].erase("examples");
  const auto bare = KnowledgeBase::load(doc.dump(), "bare.json");
  const std::string footer = help_examples(*bare);
  CHECK(lines_starting(footer, "  spotcheck query --").size() == 1);  // only --case
  CHECK(lines_starting(footer, "  echo").empty());
  CHECK_THAT(footer, Contains("  spotcheck ask --json --save case.json"));
  CHECK_THAT(footer, Contains("  spotcheck list findings"));
}
