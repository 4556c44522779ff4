// Evaluates the cases of a block: each item becomes one output line, a result or an
// error record in its place (docs/contract.md sections 6 and 7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <spotcheck/case.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>
#include <spotcheck/result_json.h>

#include "batch_csv_case.h"
#include "batch_pipeline.h"

namespace spotcheck::cli {

/// What every worker shares, read-only.
struct WorkerSettings {
  const KnowledgeBase* kb = nullptr;
  const ResultWriter* writer = nullptr;
  std::uint32_t fields = kFieldAll;
  EvaluationOptions evaluation;
  const CsvColumns* csv = nullptr;  ///< the CSV columns, or null for NDJSON input
  std::string origin;               ///< the input's name in messages ("<stdin>" for -)
  std::size_t max_line_bytes = 0;
  std::optional<std::size_t> fail_on;  ///< --fail-on as a level index
};

/// One per thread: it owns an Evaluator and a Case, reused for every case it sees. For
/// each item of a block it writes one line to Block::out; for a bad item, an error record
/// there and a "spotcheck: FILE:LINE:COL: message" line to Block::diag; and it counts.
class CaseWorker : public BlockProcessor {
 public:
  explicit CaseWorker(const WorkerSettings& settings);
  void process(Block& block) override;

 private:
  void fail(Block& block, const WorkItem& item, CaseError error);

  const WorkerSettings& s_;
  Evaluator evaluator_;
  Case case_;
  CsvRow row_;
  std::string error_json_;  // an error record, before it joins the block
};

/// The `id` of a JSON object that read_case() rejected before it reached the id (as JSON:
/// a string literal or a number), or "" when there is none or the text is not JSON. Slow
/// (a full parse), so only for lines that failed.
std::string recover_id(std::string_view json);

}  // namespace spotcheck::cli
