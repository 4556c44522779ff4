// Fuzz target: CSV for `spotcheck batch --format csv` (src/cli/batch_csv_*). The input is
// read twice:
//  - whole, as one record under a fixed header (id and every input finding, in knowledge
//    base order), which is what most rows meet;
//  - as "HEADER\nRECORD": the first record (a line, or more inside quotes) a header of the
//    input's own choosing (a bad one must throw Error with exit code 65 and a one-line
//    message, nothing else), the rest one record under it.
// A record that reads gives a case whose values are in range and a result that is valid
// UTF-8 JSON; one that does not gives a documented error code, a position inside the
// record and a valid error record; the id is echoed as a JSON string either way.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <spotcheck/error.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/result_json.h>

#include "batch_csv_case.h"
#include "batch_csv_syntax.h"
#include "fuzz_common.h"

using namespace spotcheck;
using spotcheck::fuzz::fail;

namespace {

const std::string& fixed_header() {
  static const std::string header = [] {
    std::string h = "id";
    const KnowledgeBase& kb = fuzz::native_kb();
    for (std::size_t f = 0; f < kb.input_finding_count(); ++f) h += "," + kb.findings()[f].id;
    return h;
  }();
  return header;
}

void check_case(const KnowledgeBase& kb, const Case& c) {
  for (std::size_t f = 0; f < kb.findings().size(); ++f) {
    if (!c.known(f)) continue;
    if (f >= kb.input_finding_count()) fail("a CSV row set a derived finding");
    const Finding& finding = kb.findings()[f];
    const double v = c.value(f);
    switch (finding.type) {
      case FindingType::kBool:
        if (v != 0 && v != 1) fail("a yes/no answer that is neither", finding.id);
        break;
      case FindingType::kNumber:
        if (kb.check_number(f, v)) fail("a number answer out of range", finding.id);
        break;
      case FindingType::kChoice:
        if (v < 0 || v >= static_cast<double>(finding.choices.size()) || v != std::floor(v))
          fail("a choice answer that is no choice", finding.id);
        break;
    }
  }
}

void read_record(const cli::CsvColumns& columns, std::string_view record) {
  static const std::set<std::string> kCodes{"invalid_csv", "wrong_type", "out_of_range",
                                            "unknown_choice"};
  const KnowledgeBase& kb = fuzz::native_kb();
  static Evaluator evaluator(kb);
  static const ResultWriter writer(kb);
  cli::CsvRow row;
  Case c(kb);
  const auto error = columns.read_row(record, row, c);
  // The id, when there is one, is a JSON string whatever the other cells hold.
  if (!c.id_json.empty() && !fuzz::parse_output(c.id_json).is_string())
    fail("the id is not echoed as a JSON string", c.id_json);
  std::string out;
  if (error) {
    if (!kCodes.count(error->code)) fail("undocumented CSV error code", error->code);
    if (!fuzz::one_line(error->message))
      fail("a CSV error message is not one line", error->message);
    const TextPosition end = text_position(record, record.size());
    if (error->line < 1 || error->column < 1 || error->line > end.line ||
        (error->line == end.line && error->column > end.column))
      fail("error position outside the record", error->message);
    append_error_json(c.id_json, 1, *error, out);
    fuzz::parse_output(out);
    return;
  }
  check_case(kb, c);
  writer.append(c, evaluator.evaluate(c), kFieldAll, out);
  fuzz::parse_output(out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const KnowledgeBase& kb = fuzz::native_kb();

  // Record syntax alone: a record that does not end inside quotes splits without an
  // unterminated field, and the cells' offsets point into it in order.
  cli::CsvRow row;
  const auto syntax = cli::split_csv_record(text, row);
  if (text.find('\n') == std::string_view::npos && !cli::csv_ends_in_quotes(text, false) &&
      syntax && syntax->message.starts_with("unterminated"))
    fail("csv_ends_in_quotes and split_csv_record disagree on where quotes end");
  for (std::size_t i = 0; i < row.size(); ++i)
    if (row.offset(i) > text.size() || (i > 0 && row.offset(i) <= row.offset(i - 1)))
      fail("cell offsets out of order");

  static const cli::CsvColumns fixed(kb, fixed_header(), 1, "fixed.csv");
  read_record(fixed, text);

  // The header is the first record, which ends at the first line end outside quotes
  // (as CsvSource reads it).
  std::size_t newline = std::string_view::npos;
  bool in_quotes = false;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) break;
    in_quotes = cli::csv_ends_in_quotes(text.substr(start, end - start), in_quotes);
    if (!in_quotes) {
      newline = end;
      break;
    }
    start = end + 1;
  }
  if (newline == std::string_view::npos) return 0;
  std::optional<cli::CsvColumns> columns;
  try {
    columns.emplace(kb, text.substr(0, newline), 1, "fuzz.csv");
  } catch (const Error& e) {
    if (e.exit_code() != kExitData) fail("a bad CSV header is not exit 65", e.what());
    if (!fuzz::one_line(e.what())) fail("a CSV header message is not one line", e.what());
    return 0;
  }
  read_record(*columns, text.substr(newline + 1));
  return 0;
}
