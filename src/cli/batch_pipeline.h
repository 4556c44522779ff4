// The ordered parallel pipeline of `spotcheck batch`: read blocks of cases, process them
// on worker threads, write them in input order. It knows nothing of cases or JSON; the
// three stages are interfaces, so the ordering and flow control can be tested alone.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>

#include "batch_block.h"

namespace spotcheck::cli {

/// Fills blocks with input. Called from one thread only.
class BlockSource {
 public:
  virtual ~BlockSource() = default;
  /// Fills the (cleared) block; returns false, with the block empty, at the end of input.
  virtual bool fill(Block& block) = 0;
};

/// Turns a block's input into its output. One instance per thread, so it may keep scratch
/// state (an Evaluator) without locks.
class BlockProcessor {
 public:
  virtual ~BlockProcessor() = default;
  virtual void process(Block& block) = 0;
};

/// Receives processed blocks, strictly in input order, never two calls at once (with
/// --jobs > 1 from whichever worker finished the oldest block, each call ordered after the
/// previous one by the pipeline's lock).
class BlockSink {
 public:
  virtual ~BlockSink() = default;
  virtual void write(Block& block) = 0;
};

using ProcessorFactory = std::function<std::unique_ptr<BlockProcessor>()>;

/// Blocks that may exist at once for `jobs` workers: enough for every worker to have one
/// while the reader fills the next and the writer drains the oldest, and a few spare to
/// absorb uneven block times. This bound is what keeps memory flat.
std::size_t max_blocks_in_flight(unsigned jobs);

/// Runs source -> processors -> sink until the source is exhausted. With jobs <= 1 it all
/// happens on the calling thread, with one block and no locks. Otherwise the calling
/// thread reads, `jobs` threads process and one thread writes; blocks are recycled, and
/// the reader waits when max_blocks_in_flight(jobs) blocks are unwritten. The first
/// exception thrown by any stage stops the run and is rethrown here, after every thread
/// has ended. Returns the number of blocks it allocated (for tests of the bound).
///
/// `stop`, if given, is read before each block is read and before each is written (a
/// relaxed load per block, nothing per case): once it is non-zero, no block is read or
/// written any more, blocks in flight are dropped, and Interrupted(*stop) is thrown as
/// a stage's exception would be. So the sink has received whole blocks, in order.
std::size_t run_pipeline(BlockSource& source, const ProcessorFactory& make_processor,
                         BlockSink& sink, unsigned jobs, const std::atomic<int>* stop = nullptr);

}  // namespace spotcheck::cli
