#include "batch_csv_case.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <spotcheck/answer.h>
#include <spotcheck/error.h>
#include <spotcheck/result_json.h>

namespace spotcheck::cli {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A cell quoted in a message: a bad cell can be megabytes long and can hold line breaks.
std::string shown(std::string_view cell) {
  return quote_for_message(cell);
}

}  // namespace

CsvColumns::CsvColumns(const KnowledgeBase& kb, std::string_view header, std::uint64_t line,
                       const std::string& origin)
    : kb_(kb) {
  auto fail = [&](std::size_t offset, const std::string& message) {
    const TextPosition p = text_position(header, offset);
    return Error(fmt::format("{}:{}:{}: {}", origin, line + p.line - 1, p.column, message),
                 kExitData);
  };
  CsvRow row;
  if (const auto syntax = split_csv_record(header, row))
    throw fail(syntax->offset, "CSV header: " + syntax->message);
  for (std::size_t c = 0; c < row.size(); ++c) {
    const std::string name(trim(row.cell(c)));
    if (name.empty())
      throw fail(row.offset(c), fmt::format("CSV header: column {} has no name", c + 1));
    if (std::find(names_.begin(), names_.end(), name) != names_.end())
      throw fail(row.offset(c), fmt::format("CSV header: column '{}' appears twice", shown(name)));
    std::size_t index = kIdColumn;
    if (name != "id") {
      const auto f = find_finding_named(kb, name);
      if (!f || kb.findings()[*f].derived)
        throw fail(row.offset(c), "CSV header: " + finding_name_problem(kb, name).message);
      if (std::find(finding_.begin(), finding_.end(), *f) != finding_.end())
        throw fail(row.offset(c), fmt::format("CSV header: column '{}' names '{}' again",
                                              shown(name), kb.findings()[*f].id));
      index = *f;
    }
    finding_.push_back(index);
    names_.push_back(name);
  }
}

std::optional<CaseError> CsvColumns::read_row(std::string_view record, CsvRow& row,
                                              Case& out) const {
  out.clear_all();
  out.id_json.clear();
  auto at = [&](std::size_t offset, CaseError e) {
    const TextPosition p = text_position(record, offset);
    e.line = p.line;
    e.column = p.column;
    return e;
  };
  const auto syntax = split_csv_record(record, row);
  // The id first, so that an error record can name its case.
  for (std::size_t c = 0; c < std::min(row.size(), size()); ++c) {
    if (finding_[c] != kIdColumn) continue;
    const std::string_view id = trim(row.cell(c));
    if (!id.empty()) append_json_string(id, out.id_json);
  }
  if (syntax)
    return at(syntax->offset, {"invalid_csv", "invalid CSV: " + syntax->message, "", 0, 0});
  if (row.size() != size())
    return at(0, {"invalid_csv",
                  fmt::format("invalid CSV: the row has {} cells but the header has {} columns",
                              row.size(), size()),
                  "", 0, 0});
  for (std::size_t c = 0; c < size(); ++c) {
    if (finding_[c] == kIdColumn) continue;
    if (auto e = read_cell(c, trim(row.cell(c)), out)) return at(row.offset(c), std::move(*e));
  }
  return std::nullopt;
}

std::optional<CaseError> CsvColumns::read_cell(std::size_t column, std::string_view cell,
                                               Case& out) const {
  const std::size_t f = finding_[column];
  double value = 0;
  if (auto problem = parse_answer(kb_, f, cell, names_[column], value))
    return CaseError{std::string(answer_error_name(problem->code)), std::move(problem->message),
                     names_[column], 0, 0};
  if (!std::isnan(value)) out.set(f, value);
  return std::nullopt;
}

}  // namespace spotcheck::cli
