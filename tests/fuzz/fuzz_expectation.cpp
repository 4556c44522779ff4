// Fuzz target: an expectation file, the input of `spotcheck kb test` (case_check.h), and a
// `--what-if FINDING=VALUE` (what_if.h). Beyond not crashing: every non-blank line gets
// exactly one report, in order; a malformed line's column is inside it and its message is
// one line; the counts add up; a what-if that reads compares results without touching
// the case, and one equal to the answers given changes nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <spotcheck/case_check.h>
#include <spotcheck/what_if.h>

#include "fuzz_common.h"

using namespace spotcheck;
using spotcheck::fuzz::fail;

namespace {

// The non-blank lines of `text` as check_text() splits them (after a byte-order mark).
std::vector<std::string_view> lines_of(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    out.push_back(line);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const KnowledgeBase& kb = fuzz::native_kb();

  ExpectationSuite suite(kb);
  const auto reports = suite.check_text(text, "fuzz.jsonl");
  const auto lines = lines_of(text);
  std::size_t non_blank = 0, previous = 0;
  for (std::size_t i = 0; i < lines.size(); ++i)
    non_blank += lines[i].find_first_not_of(" \t\r") != std::string_view::npos;
  if (reports.size() != non_blank) fail("one report per non-blank line", text);
  for (const LineReport& r : reports) {
    if (r.line <= previous || r.line > lines.size()) fail("report lines in order", text);
    previous = r.line;
    const std::string_view line = lines[r.line - 1];
    if (r.status == LineReport::Status::kMalformed) {
      if (r.error.column < 1 || r.error.column > line.size() + 1)
        fail("error column outside the line", r.error.message);
      if (r.error.message.empty() || !fuzz::one_line(r.error.message))
        fail("an error message is one non-empty line", r.error.message);
    } else if ((r.status == LineReport::Status::kFailed) == r.mismatches.empty()) {
      fail("a failed line has mismatches, a passed one none", line);
    }
    for (const Mismatch& m : r.mismatches)
      if (m.expected.empty() || !fuzz::one_line(describe(m))) fail("mismatch", describe(m));
  }
  if (suite.count(LineReport::Status::kPassed) + suite.count(LineReport::Status::kFailed) +
          suite.count(LineReport::Status::kMalformed) !=
      reports.size())
    fail("counts add up", text);

  // The whole input as one --what-if, on an empty case and on one with that answer.
  AnswerChange change;
  if (const auto problem = parse_answer_change(kb, text, change)) {
    if (problem->empty() || !fuzz::one_line(*problem)) fail("what-if message", *problem);
    return 0;
  }
  if (change.finding >= kb.input_finding_count()) fail("what-if on a derived finding", text);
  Case c(kb);
  const WhatIf w = what_if(kb, c, std::vector<AnswerChange>{change});
  if (c.known(change.finding)) fail("what-if changed the case", text);
  if (w.possible_before > w.level_before) fail("possible_level less urgent than level", text);
  c.set(change.finding, change.value);
  const WhatIf same = what_if(kb, c, std::vector<AnswerChange>{change});
  if (!same.same_answers || same.changed()) fail("a what-if equal to the answers changed", text);
  return 0;
}
