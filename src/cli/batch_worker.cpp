#include "batch_worker.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "printable.h"

namespace spotcheck::cli {

CaseWorker::CaseWorker(const WorkerSettings& settings)
    : s_(settings), evaluator_(*settings.kb, settings.evaluation), case_(*settings.kb) {}

void CaseWorker::process(Block& block) {
  block.out.clear();
  block.diag.clear();
  block.tally.reset(s_.kb->triage_levels().size());
  for (const WorkItem& item : block.items) {
    ++block.tally.cases;
    if (item.too_long) {
      case_.id_json.clear();
      fail(
          block, item,
          {"line_too_long",
           fmt::format("line is {} bytes, longer than the limit of {} bytes (see --max-line-bytes)",
                       item.too_long, s_.max_line_bytes),
           "", 1, 1});
      continue;
    }
    const std::string_view text(block.text.data() + item.offset, item.length);
    auto error = s_.csv ? s_.csv->read_row(text, row_, case_) : read_case(*s_.kb, text, case_);
    if (error) {
      if (!s_.csv && case_.id_json.empty()) case_.id_json = recover_id(text);
      fail(block, item, std::move(*error));
      continue;
    }
    const Result& result = evaluator_.evaluate(case_);
    s_.writer->append(case_, result, s_.fields, block.out);
    block.out.push_back('\n');
    ++block.tally.per_level[result.triage_level];
    if (s_.fail_on && result.triage_level <= *s_.fail_on) block.tally.fail_on_reached = true;
  }
}

void CaseWorker::fail(Block& block, const WorkItem& item, CaseError error) {
  // The error's line is relative to the case's text (a CSV record can span lines).
  const std::uint64_t line = item.line + (error.line ? error.line - 1 : 0);
  error_json_.clear();
  append_error_json(case_.id_json, line, error, error_json_);
  error_json_ += '\n';
  block.out.append(error_json_);
  ++block.tally.errors;
  // One line per error on stderr, whatever the message holds (a key can contain "\n").
  block.diag += printable(fmt::format("spotcheck: {}:{}:{}: {}", s_.origin, line,
                                      error.column ? error.column : 1, error.message));
  block.diag += '\n';
}

std::string recover_id(std::string_view json) {
  const auto doc =
      nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return "";
  const auto id = doc.find("id");
  if (id == doc.end()) return "";
  if (id->is_string()) {
    std::string out;
    append_json_string(id->get_ref<const std::string&>(), out);
    return out;
  }
  if (id->is_number()) return id->dump();
  return "";
}

}  // namespace spotcheck::cli
