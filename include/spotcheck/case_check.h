// Testing a knowledge base against expectations: one line of an expectation file (a case
// and the answers a careful clinician would accept, docs/kb-format.md "Testing a knowledge
// base"), checked against the engine's result, and what a whole suite of them exercised.
// `spotcheck kb test` and tests/unit/scenarios_test.cpp are both built on this. No I/O:
// the caller reads the files and prints the reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <spotcheck/case.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck {

/// How many of the first causes `top3` looks at, and how many `show` does.
constexpr std::size_t kExpectTopCauses = 3;
constexpr std::size_t kExpectShownCauses = 5;

/// One expectation line, resolved against a knowledge base: every id is an index. An
/// empty accepted list means "not checked" (an empty list in the file is an error, since
/// it would accept nothing).
struct CaseExpectation {
  explicit CaseExpectation(const KnowledgeBase& kb) : input(kb) {}
  Case input;                       ///< the `case` object
  std::string id;                   ///< the case's `id` as text ("s001", "7"); "" when none
  std::size_t id_column = 0;        ///< byte column of the id's value in the line, 0 if none
  std::vector<std::size_t> triage;  ///< accepted triage levels; never empty once read
  std::vector<std::size_t> top3;    ///< accepted categories of the top 3 causes
  std::vector<int> lesion;          ///< accepted lesion types: lesion_type choices, -1 unknown
  std::vector<std::size_t> show;    ///< causes, one of which must be in the first five
};

/// Why a line could not be read as an expectation.
struct ExpectationError {
  std::size_t column = 1;  ///< 1-based byte column in the line
  /// One line: what it quotes of the input is short, with control bytes escaped (`origin`
  /// of check_text() excepted, which is the caller's).
  std::string message;
};

/// Reads one line (without its line end) of an expectation file into `out`:
/// `{"case": {...}, "triage": [LEVEL...], "top3": [CATEGORY...] | null, "lesion":
/// [TYPE...], "show": [CAUSE...], "why": "...", "source": "..."}`. `case` and `triage` are
/// required; `top3` (absent or null), `lesion` and `show` are checked only when given.
/// Returns the first problem: invalid JSON, a key given twice or not one of these, a case
/// that read_case() refuses (unknown finding, value out of range...), an accepted list
/// that is empty or names something the knowledge base does not have (with "did you
/// mean"). Any bytes are safe.
std::optional<ExpectationError> read_expectation(const KnowledgeBase& kb, std::string_view line,
                                                 CaseExpectation& out);

enum class CheckedField : std::uint8_t { kTriage, kTop3, kLesion, kShow };

/// "triage", "top3", "lesion", "show": the key of the expectation line.
std::string_view checked_field_name(CheckedField field);

/// One way a result is outside the accepted answers: what was accepted, and what the
/// result had (its level; the categories of its top 3 causes, each with the cause; its
/// lesion type; its first five causes).
struct Mismatch {
  CheckedField field = CheckedField::kTriage;
  std::vector<std::string> expected, got;
};

/// One line for people: "triage: got routine, expected urgent or emergency".
std::string describe(const Mismatch& m);

/// The options a result must be evaluated with for check_expectation() (enough causes for
/// `show`, no next questions, which nothing checks).
EvaluationOptions expectation_evaluation_options();

/// Every way `r` (the result for e.input) is outside `e`'s accepted answers, in field
/// order; empty when the case passes: its triage level is accepted, a category of one of
/// its top 3 causes is, its lesion type is, and one of `show` is in its first five causes.
std::vector<Mismatch> check_expectation(const KnowledgeBase& kb, const CaseExpectation& e,
                                        const Result& r);

/// What a suite of results exercised: the rules that fired in some result (red-flag floors
/// and the fallback rule included), and the causes that were among some result's top 3.
class SuiteCoverage {
 public:
  explicit SuiteCoverage(const KnowledgeBase& kb);
  void add(const Result& r);
  /// Rules (indices into triage_rules()) that no result fired, in KB order.
  std::vector<std::size_t> rules_never_fired() const;
  /// Causes (indices into causes()) that no result had in its top 3, in KB order.
  std::vector<std::size_t> causes_never_in_top3() const;

 private:
  std::vector<bool> fired_, top3_;
};

/// What became of one non-blank line of an expectation file.
struct LineReport {
  enum class Status : std::uint8_t { kPassed, kFailed, kMalformed };
  std::size_t line = 0;  ///< 1-based; blank lines count
  Status status = Status::kPassed;
  std::string id;                    ///< the case's id when it could be read, else ""
  std::vector<Mismatch> mismatches;  ///< kFailed: each way it differed
  ExpectationError error;            ///< kMalformed: why it could not be run
};

/// Runs expectation files through the engine, one file's text at a time, keeping the
/// coverage and the case ids of every file it has seen. Not thread-safe.
class ExpectationSuite {
 public:
  explicit ExpectationSuite(const KnowledgeBase& kb);

  /// Checks each non-blank line of `text` (the contents of one file; LF or CRLF line ends,
  /// an optional UTF-8 byte-order mark) and returns a report per non-blank line, in order.
  /// A malformed line is reported and skipped; it never changes another line's report. A
  /// case id already seen (in this or an earlier file) makes the line malformed, naming
  /// where it was first: "duplicate case id 's001' (first at FILE:LINE)", with `origin`
  /// as the FILE of this text.
  std::vector<LineReport> check_text(std::string_view text, std::string_view origin);

  const SuiteCoverage& coverage() const { return coverage_; }
  /// Lines checked so far that passed, failed or were malformed.
  std::size_t count(LineReport::Status status) const {
    return counts_[static_cast<std::size_t>(status)];
  }

 private:
  LineReport check_line(std::string_view line, std::size_t number, std::string_view origin);

  const KnowledgeBase& kb_;
  Evaluator evaluator_;
  CaseExpectation expectation_;
  SuiteCoverage coverage_;
  std::unordered_map<std::string, std::string> first_seen_;  // case id -> "FILE:LINE"
  std::size_t counts_[3] = {0, 0, 0};
};

}  // namespace spotcheck
