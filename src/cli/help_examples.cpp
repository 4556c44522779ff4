#include "help_examples.h"

#include <vector>

#include <nlohmann/json.hpp>

#include <spotcheck/answer.h>
#include <spotcheck/case.h>

#include "query_line.h"

namespace spotcheck::cli {
namespace {

constexpr const char* kClosing =
    R"(Anything not given is unknown, not no; a result says how urgent it could still be
(triage.possible_level). Exit codes: 0 ok, 1 --fail-on level reached, 64 usage,
65 bad data, 66 cannot open input, 70 internal error, 74 write error, 130/143
interrupted. Finding ids, levels, JSON fields and exit codes: docs/contract.md.
Educational information, not a diagnosis. In an emergency, call your local emergency number.)";

}  // namespace

std::string help_examples(const KnowledgeBase& kb) {
  // The loader has checked each example against the findings; one that still does not
  // read (it cannot happen) is left out rather than printed wrong.
  std::vector<std::string> flags, json;
  for (const std::string& text : kb.wording().examples) {
    Case c(kb);
    if (read_case(kb, text, c)) continue;
    // A number given as text keeps its unit in the flag ("6m", not 0.4999...).
    std::vector<std::string> typed(kb.input_finding_count());
    const nlohmann::json answers = nlohmann::json::parse(text);  // (items() does not own it)
    for (const auto& [key, value] : answers.items())
      if (const auto f = find_finding_named(kb, key); f && *f < typed.size() && value.is_string())
        typed[*f] = value.get<std::string>();
    flags.push_back(answer_flags(kb, c, typed));
    json.push_back(text);
  }
  std::string out = "Examples:\n  spotcheck ask\n";
  // The third example, when there is one, shows answers given before the interview.
  out += "  spotcheck ask" + (flags.size() > 2 ? flags[2] : std::string()) +
         " --json --save case.json > result.json\n";
  if (!flags.empty()) out += "  spotcheck query" + flags[0] + "\n";
  if (flags.size() > 1) out += "  spotcheck query" + flags[1] + " --json\n";
  // --fail-on with the level below the most urgent one: "anything this urgent or more".
  const auto& levels = kb.triage_levels();
  if (!levels.empty())
    out += "  spotcheck query --case case.json --fail-on " +
           (levels.size() > 1 ? levels[1] : levels[0]).id + "\n";
  if (!json.empty()) out += "  echo " + shell_quoted(json[0]) + " | spotcheck query --json\n";
  out += "  spotcheck batch cases.jsonl > results.jsonl\n  spotcheck list findings\n";
  if (!kb.causes().empty()) out += "  spotcheck explain " + kb.causes().front().id + "\n";
  return out;
}

const char* help_closing() {
  return kClosing;
}

}  // namespace spotcheck::cli
