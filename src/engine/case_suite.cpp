// A suite of expectation files: lines, case ids across files, and coverage.
#include <fmt/format.h>

#include <spotcheck/case_check.h>

#include "echo.h"

namespace spotcheck {

SuiteCoverage::SuiteCoverage(const KnowledgeBase& kb)
    : fired_(kb.triage_rules().size(), false), top3_(kb.causes().size(), false) {}

void SuiteCoverage::add(const Result& r) {
  for (const std::size_t rule : r.fired) fired_[rule] = true;
  for (std::size_t k = 0; k < kExpectTopCauses && k < r.causes.size(); ++k)
    top3_[r.causes[k].cause] = true;
}

std::vector<std::size_t> SuiteCoverage::rules_never_fired() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < fired_.size(); ++i)
    if (!fired_[i]) out.push_back(i);
  return out;
}

std::vector<std::size_t> SuiteCoverage::causes_never_in_top3() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < top3_.size(); ++i)
    if (!top3_[i]) out.push_back(i);
  return out;
}

ExpectationSuite::ExpectationSuite(const KnowledgeBase& kb)
    : kb_(kb), evaluator_(kb, expectation_evaluation_options()), expectation_(kb), coverage_(kb) {}

std::vector<LineReport> ExpectationSuite::check_text(std::string_view text,
                                                     std::string_view origin) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<LineReport> reports;
  for (std::size_t number = 1; !text.empty(); ++number) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    reports.push_back(check_line(line, number, origin));
    ++counts_[static_cast<std::size_t>(reports.back().status)];
  }
  return reports;
}

LineReport ExpectationSuite::check_line(std::string_view line, std::size_t number,
                                        std::string_view origin) {
  LineReport report;
  report.line = number;
  const auto error = read_expectation(kb_, line, expectation_);
  report.id = expectation_.id;
  if (error) {
    report.status = LineReport::Status::kMalformed;
    report.error = *error;
    return report;
  }
  if (!expectation_.id.empty()) {
    const auto [at, inserted] =
        first_seen_.try_emplace(expectation_.id, fmt::format("{}:{}", origin, number));
    if (!inserted) {
      report.status = LineReport::Status::kMalformed;
      report.error = {expectation_.id_column,
                      fmt::format("duplicate case id '{}' (first at {})",
                                  detail::echo(expectation_.id), at->second)};
      return report;
    }
  }
  const Result& r = evaluator_.evaluate(expectation_.input);
  coverage_.add(r);
  report.mismatches = check_expectation(kb_, expectation_, r);
  report.status =
      report.mismatches.empty() ? LineReport::Status::kPassed : LineReport::Status::kFailed;
  return report;
}

}  // namespace spotcheck
