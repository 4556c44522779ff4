#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <spotcheck/answer.h>

#include "echo.h"

namespace spotcheck {
namespace {

using detail::echo;

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Lower case, with '-' and ' ' read as '_': the one spelling rule for names and choices.
std::string normalized(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c == '-' || c == ' ' ? '_' : lower(c);
  return out;
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> spellings) {
  return std::find(spellings.begin(), spellings.end(), word) != spellings.end();
}

// The number at the start of `s` in the answer grammar: [+-]? (d+ (.d*)? | .d+) ([eE][+-]?d+)?
// Returns its length (0 if there is none) and its value.
std::size_t read_decimal(std::string_view s, double& value) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t whole = digits();
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole + fraction == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    const std::size_t mark = i++;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) i = mark;  // "2e" is 2 with the unit "e"
  }
  // from_chars takes neither a leading '+' nor a bare leading '.': spell it as it reads.
  std::string_view number = s.substr(0, i);
  const bool negative = number[0] == '-';
  if (number[0] == '+' || negative) number.remove_prefix(1);
  std::string text = negative ? "-" : "";
  if (number[0] == '.') text += '0';
  text += number;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range)
    value = negative ? -HUGE_VAL : HUGE_VAL;
  else if (ec != std::errc() || end != text.data() + text.size())
    return 0;
  return i;
}

std::string unit_list(const Finding& finding) {
  return fmt::format("{}", fmt::join(finding.unit_names, ", "));
}

std::optional<AnswerProblem> parse_number(const KnowledgeBase& kb, std::size_t f,
                                          std::string_view text, std::string_view name,
                                          double& value) {
  const Finding& finding = kb.findings()[f];
  const auto wrong = [&] {
    return AnswerProblem{
        AnswerError::kWrongType,
        fmt::format("'{}' takes a number{}, or unknown; not '{}'", name,
                    finding.unit_names.empty() ? std::string()
                                               : fmt::format(" (in {}; or with a unit: {})",
                                                             finding.unit, unit_list(finding)),
                    echo(text))};
  };
  double number = 0;
  const std::size_t length = read_decimal(text, number);
  if (length == 0) return wrong();
  const std::string unit = normalized(trim(text.substr(length)));
  double factor = 1;
  if (!unit.empty()) {
    const auto at = std::find(finding.unit_names.begin(), finding.unit_names.end(), unit);
    if (at == finding.unit_names.end()) return wrong();
    factor = finding.unit_factors[static_cast<std::size_t>(at - finding.unit_names.begin())];
  }
  const double converted = number * factor;
  if (auto problem = kb.check_number(f, converted)) {
    const std::string got = unit.empty() || factor == 1 ? echo(text)
                                                        : fmt::format("{} = {:.4g} {}", echo(text),
                                                                      converted, finding.unit);
    return AnswerProblem{AnswerError::kOutOfRange,
                         fmt::format("'{}' {} (got {}{}{})", name, *problem, got,
                                     unit.empty() && !finding.unit.empty() ? " " : "",
                                     unit.empty() ? finding.unit : "")};
  }
  value = converted;
  return std::nullopt;
}

}  // namespace

std::string_view answer_error_name(AnswerError code) {
  switch (code) {
    case AnswerError::kUnknownFinding:
      return "unknown_finding";
    case AnswerError::kDerivedFinding:
      return "derived_finding";
    case AnswerError::kWrongType:
      return "wrong_type";
    case AnswerError::kOutOfRange:
      return "out_of_range";
    case AnswerError::kUnknownChoice:
      return "unknown_choice";
  }
  return "wrong_type";  // not reached: every enumerator is named above (-Wswitch-enum)
}

std::optional<std::size_t> find_finding_named(const KnowledgeBase& kb, std::string_view name) {
  if (const auto f = kb.find_finding(name)) return f;
  // Ids are lower-case snake_case (the loader makes sure), so this is the one other spelling.
  if (name.size() > 256) return std::nullopt;
  return kb.find_finding(normalized(name));
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
  const auto hint = closest_match(word, candidates);
  return hint ? fmt::format(" (did you mean '{}'?)", *hint) : std::string();
}

AnswerProblem finding_name_problem(const KnowledgeBase& kb, std::string_view name) {
  if (const auto f = find_finding_named(kb, name); f && kb.findings()[*f].derived)
    return {AnswerError::kDerivedFinding,
            fmt::format("'{}' is computed from other answers and cannot be given", echo(name))};
  std::vector<std::string> ids{"id"};
  for (std::size_t i = 0; i < kb.input_finding_count(); ++i) ids.push_back(kb.findings()[i].id);
  return {
      AnswerError::kUnknownFinding,
      fmt::format("unknown finding '{}'{}", echo(name),
                  did_you_mean(name.size() <= 256 ? normalized(name) : std::string(name), ids))};
}

std::optional<AnswerProblem> parse_answer(const KnowledgeBase& kb, std::size_t f,
                                          std::string_view text, std::string_view name,
                                          double& value) {
  text = trim(text);
  const Finding& finding = kb.findings()[f];
  // Only short words can be a spelling of "unknown" or yes/no: compare those in lower case.
  const std::string word = text.size() <= 16 ? normalized(text) : std::string();
  if (text.empty() ||
      one_of(word, {"unknown", "?", "null", "don't_know", "dont_know", "not_sure", "unsure"})) {
    value = kUnknown;
    return std::nullopt;
  }
  switch (finding.type) {
    case FindingType::kBool:
      if (one_of(word, {"yes", "y", "true", "1"})) {
        value = 1;
        return std::nullopt;
      }
      if (one_of(word, {"no", "n", "false", "0"})) {
        value = 0;
        return std::nullopt;
      }
      return AnswerProblem{
          AnswerError::kWrongType,
          fmt::format("'{}' takes yes or no (also y/n, true/false, 1/0), or unknown; not '{}'",
                      name, echo(text))};
    case FindingType::kNumber:
      return parse_number(kb, f, text, name, value);
    case FindingType::kChoice: {
      if (const auto choice = kb.find_choice(f, text.size() <= 256 ? normalized(text) : "")) {
        value = static_cast<double>(*choice);
        return std::nullopt;
      }
      // By number, as a questionnaire lists them: 1 for the first choice.
      std::size_t position = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), position);
      if (ec == std::errc() && end == text.data() + text.size() && position >= 1 &&
          position <= finding.choices.size()) {
        value = static_cast<double>(position - 1);
        return std::nullopt;
      }
      return AnswerProblem{
          AnswerError::kUnknownChoice,
          fmt::format("'{}' is not a choice for '{}'{} (choices: {}; or 1 to {})", echo(text), name,
                      did_you_mean(text.size() <= 256 ? normalized(text) : std::string(text),
                                   finding.choices),
                      fmt::join(finding.choices, ", "), finding.choices.size())};
    }
  }
  return AnswerProblem{AnswerError::kWrongType, "unreadable answer"};  // not reached
}

}  // namespace spotcheck
