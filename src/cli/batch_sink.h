// The writing end of `spotcheck batch`: results to the output in input order, error
// lines to stderr, the running totals, the progress bar and the final summary.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <spotcheck/knowledge_base.h>

#include "batch_block_sizer.h"
#include "batch_pipeline.h"
#include "batch_progress.h"
#include "output.h"

namespace spotcheck::cli {

struct BatchTotals {
  std::uint64_t cases = 0;
  std::uint64_t errors = 0;
  std::vector<std::uint64_t> per_level;
  bool fail_on_reached = false;

  std::uint64_t results() const { return cases - errors; }
  void add(const BlockTally& t);
};

/// Writes each block as it comes (they arrive in order) and flushes it at once, so that
/// results leave as soon as they are in order and a closed pipe or a full disk is seen
/// within one block. Output errors follow Output's policy (EPIPE: quiet exit 0; other:
/// Error 74).
class ResultSink : public BlockSink {
 public:
  /// `sizer`, if given, learns from each block written how big the next should be.
  ResultSink(Output& out, std::FILE* diagnostics, Progress& progress, std::size_t levels,
             BlockSizer* sizer = nullptr);
  void write(Block& block) override;

  const BatchTotals& totals() const { return totals_; }
  double elapsed_seconds() const;

 private:
  Output& out_;
  std::FILE* diag_;
  Progress& progress_;
  BlockSizer* sizer_;
  BatchTotals totals_;
  std::chrono::steady_clock::time_point start_;
};

/// The summary line for stderr, e.g. "spotcheck: 200,000 cases read, 199,998 results
/// written, 2 errors; triage: emergency 1,204, urgent ...; 1.84 s, 108,695 cases/s".
std::string summary_line(const BatchTotals& totals, const KnowledgeBase& kb, double seconds);

}  // namespace spotcheck::cli
