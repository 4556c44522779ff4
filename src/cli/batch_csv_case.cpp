#include "batch_csv_case.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <spotcheck/error.h>
#include <spotcheck/result_json.h>

namespace spotcheck::cli {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_lower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// A cell quoted in a message: a bad cell can be megabytes long, and a quoted one can hold
// line breaks, which would split the message's line of stderr; control characters are
// shown as escapes.
std::string shown(std::string_view cell) {
  constexpr std::size_t kMax = 40;
  std::string out;
  for (const char c : cell.substr(0, kMax)) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7f)
      out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else
      out += fmt::format("\\x{:02x}", b);
  }
  return cell.size() <= kMax ? out : out + "...";
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
  std::vector<std::string> known{"id"};
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f) known.push_back(kb.findings()[f].id);
  for (std::size_t c = 0; c < row.size(); ++c) {
    const std::string name(trim(row.cell(c)));
    if (name.empty())
      throw fail(row.offset(c), fmt::format("CSV header: column {} has no name", c + 1));
    if (std::find(names_.begin(), names_.end(), name) != names_.end())
      throw fail(row.offset(c), fmt::format("CSV header: column '{}' appears twice", shown(name)));
    std::size_t index = kIdColumn;
    if (name != "id") {
      const auto f = kb.find_finding(name);
      if (!f) {
        const auto hint = closest_match(name, known);
        throw fail(row.offset(c),
                   fmt::format("CSV header: unknown column '{}'{}", shown(name),
                               hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
      }
      if (kb.findings()[*f].derived)
        throw fail(
            row.offset(c),
            fmt::format("CSV header: '{}' is computed from other answers and cannot be a column",
                        name));
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
  if (cell.empty()) return std::nullopt;  // unknown
  const std::size_t f = finding_[column];
  const Finding& finding = kb_.findings()[f];
  const std::string& name = names_[column];
  switch (finding.type) {
    case FindingType::kBool:
      if (equals_lower(cell, "true") || equals_lower(cell, "yes") || cell == "1") {
        out.set_bool(f, true);
      } else if (equals_lower(cell, "false") || equals_lower(cell, "no") || cell == "0") {
        out.set_bool(f, false);
      } else {
        return CaseError{
            "wrong_type",
            fmt::format(
                "'{}' takes true/false, yes/no or 1/0 (an empty cell for unknown), not '{}'", name,
                shown(cell)),
            name, 0, 0};
      }
      return std::nullopt;
    case FindingType::kNumber: {
      std::string_view digits = cell;
      if (digits.front() == '+') digits.remove_prefix(1);
      double value = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      const bool numeric = !digits.empty() && (digits.front() == '-' || digits.front() == '.' ||
                                               (digits.front() >= '0' && digits.front() <= '9'));
      if (!numeric || end != digits.data() + digits.size() ||
          (ec != std::errc() && ec != std::errc::result_out_of_range))
        return CaseError{"wrong_type",
                         fmt::format("'{}' takes a number (an empty cell for unknown), not '{}'",
                                     name, shown(cell)),
                         name, 0, 0};
      if (ec == std::errc::result_out_of_range)
        value = digits.front() == '-' ? -HUGE_VAL : HUGE_VAL;
      if (auto problem = kb_.check_number(f, value))
        return CaseError{"out_of_range",
                         fmt::format("'{}' {} (got {}{}{})", name, *problem, shown(cell),
                                     finding.unit.empty() ? "" : " ", finding.unit),
                         name, 0, 0};
      out.set(f, value);
      return std::nullopt;
    }
    case FindingType::kChoice: {
      auto choice = kb_.find_choice(f, cell);
      if (!choice) {
        std::string lower(cell);
        for (char& ch : lower)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        choice = kb_.find_choice(f, lower);
      }
      if (!choice) {
        const auto hint = closest_match(cell, finding.choices);
        return CaseError{"unknown_choice",
                         fmt::format("'{}' is not a choice for '{}'{} (choices: {})", shown(cell),
                                     name, hint ? fmt::format("; did you mean '{}'?", *hint) : "",
                                     fmt::join(finding.choices, ", ")),
                         name, 0, 0};
      }
      out.set(f, static_cast<double>(*choice));
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace spotcheck::cli
