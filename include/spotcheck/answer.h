// One answer's text as a finding value: the one grammar shared by the command-line flags,
// the strings of a JSON case, the cells of a CSV batch and the questionnaire, so that an
// answer means the same wherever it is given (docs/contract.md section 1).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <spotcheck/knowledge_base.h>

namespace spotcheck {

/// Why an answer could not be read. Each has a stable name, used as the `code` of batch
/// error records (answer_error_name).
enum class AnswerError : std::uint8_t {
  kUnknownFinding,  ///< no finding has that name
  kDerivedFinding,  ///< the finding is computed from others and cannot be given
  kWrongType,       ///< not a yes/no, a number or a choice as the finding needs
  kOutOfRange,      ///< a number outside the finding's range
  kUnknownChoice,   ///< not one of the finding's choices
};

/// "unknown_finding", "derived_finding", "wrong_type", "out_of_range", "unknown_choice".
std::string_view answer_error_name(AnswerError code);

struct AnswerProblem {
  AnswerError code = AnswerError::kWrongType;
  std::string message;  ///< one line, naming the finding as it was written
};

/// The finding called `name`: its id in any letter case, with '-' or ' ' for '_'
/// ("Stiff-Neck" is stiff_neck). Derived findings are found too; the caller refuses them.
std::optional<std::size_t> find_finding_named(const KnowledgeBase& kb, std::string_view name);

/// " (did you mean 'fever'?)" when `word` is a likely slip for one of `candidates`, else
/// "". Cheap whatever the length of `word`.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

/// The problem of a name that is no finding: "unknown finding 'fevr' (did you mean
/// 'fever'?)"; a derived finding's name gives kDerivedFinding.
AnswerProblem finding_name_problem(const KnowledgeBase& kb, std::string_view name);

/// Reads `text` as an answer to input finding `f`, which was named `name` (a flag, a key
/// or a column: used in messages). Sets `value` in Case encoding and returns nothing, or
/// returns the problem. The grammar, for every finding (letter case never matters, and
/// surrounding white space is ignored):
/// - unknown: "", "unknown", "?", "null", "don't know", "not sure" -> NaN;
/// - yes/no: "yes", "y", "true", "1" and "no", "n", "false", "0";
/// - numbers: decimal, optionally signed, with a fraction and an exponent ("7", "+5",
///   ".5", "2.5e1"), then optionally a unit the finding declares ("6m", "2 w", "1.5cm"),
///   converted to the finding's own unit and checked against its range;
/// - choices: by name, with '-' or ' ' for '_' ("arms-hands"), or by number from 1.
std::optional<AnswerProblem> parse_answer(const KnowledgeBase& kb, std::size_t f,
                                          std::string_view text, std::string_view name,
                                          double& value);

/// `text` as an error message quotes it, the same on every path: at most 40 bytes (cut at
/// a character boundary, then "..."), control characters as escapes ("\n", "\x1b"), so
/// that no input can make a long message, split its line or reach the terminal raw.
std::string quote_for_message(std::string_view text);

}  // namespace spotcheck
