#include "batch_sink.h"

#include <fmt/format.h>

namespace spotcheck::cli {

void BatchTotals::add(const BlockTally& t) {
  cases += t.cases;
  errors += t.errors;
  if (per_level.size() < t.per_level.size()) per_level.resize(t.per_level.size());
  for (std::size_t i = 0; i < t.per_level.size(); ++i) per_level[i] += t.per_level[i];
  fail_on_reached = fail_on_reached || t.fail_on_reached;
}

ResultSink::ResultSink(Output& out, std::FILE* diagnostics, Progress& progress, std::size_t levels,
                       BlockSizer* sizer)
    : out_(out),
      diag_(diagnostics),
      progress_(progress),
      sizer_(sizer),
      start_(std::chrono::steady_clock::now()) {
  totals_.per_level.assign(levels, 0);
}

double ResultSink::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ResultSink::write(Block& block) {
  if (!block.diag.empty()) {
    progress_.clear();
    // Unchecked: losing stderr must not stop the results.
    std::fwrite(block.diag.data(), 1, block.diag.size(), diag_);
  }
  out_.write(block.out.view());
  out_.flush();
  totals_.add(block.tally);
  if (sizer_) {
    sizer_->observe(block.items.size(), block.out.size());
    // Blocks are sized for the target, so a buffer far past it is from one odd block.
    block.release_oversized(4 * sizer_->target_output_bytes());
  }
  progress_.update(block.input_end, totals_.cases, elapsed_seconds());
}

std::string summary_line(const BatchTotals& totals, const KnowledgeBase& kb, double seconds) {
  auto count = [](std::uint64_t n, const char* one, const char* many) {
    return fmt::format("{} {}", with_commas(n), n == 1 ? one : many);
  };
  std::string levels;
  const auto ids = kb.triage_levels();
  for (std::size_t i = 0; i < ids.size() && i < totals.per_level.size(); ++i)
    levels += fmt::format("{}{} {}", i ? ", " : "", ids[i].id, with_commas(totals.per_level[i]));
  const double rate = seconds > 0 ? static_cast<double>(totals.cases) / seconds : 0.0;
  return fmt::format("spotcheck: {} read, {} written, {}; triage: {}; {:.2f} s, {} cases/s",
                     count(totals.cases, "case", "cases"),
                     count(totals.results(), "result", "results"),
                     count(totals.errors, "error", "errors"), levels, seconds,
                     with_commas(static_cast<std::uint64_t>(rate)));
}

}  // namespace spotcheck::cli
