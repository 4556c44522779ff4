#include "batch_pipeline.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "interrupt.h"

namespace spotcheck::cli {
namespace {

// The reader (the calling thread) and the workers share one lock: it is taken a few times
// per block (hundreds of cases), never per case, so it is not contended enough to matter.
// There is no writer thread: the worker that finishes the oldest unwritten block writes
// it, and any done blocks after it, one worker at a time. A writer thread would compete
// with the workers for the cores, and be woken once per block.
class Pipeline {
 public:
  Pipeline(BlockSource& source, BlockSink& sink, unsigned jobs, const std::atomic<int>* stop)
      : source_(source),
        sink_(sink),
        jobs_(jobs),
        limit_(max_blocks_in_flight(jobs)),
        stop_flag_(stop) {}

  std::size_t run(const ProcessorFactory& make_processor) {
    // Processors are made here, before any thread starts, so a failure is simple.
    std::vector<std::unique_ptr<BlockProcessor>> processors;
    for (unsigned i = 0; i < jobs_; ++i) processors.push_back(make_processor());

    std::vector<std::thread> threads;
    try {
      for (auto& p : processors) threads.emplace_back([this, &p] { work_loop(*p); });
      read_loop();
    } catch (...) {
      fail(std::current_exception());  // could not start a thread
    }
    {
      std::lock_guard lock(m_);
      input_done_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : threads) t.join();
    if (error_) std::rethrow_exception(error_);
    return all_.size();
  }

 private:
  void read_loop() {
    try {
      std::uint64_t seq = 0;
      while (Block* block = acquire()) {
        if (stopped()) {
          std::lock_guard lock(m_);
          free_.push_back(block);
          break;
        }
        block->clear();
        block->seq = seq++;
        if (!source_.fill(*block)) {
          std::lock_guard lock(m_);
          free_.push_back(block);
          break;
        }
        {
          std::lock_guard lock(m_);
          queue_.push_back(block);
          pending_.push_back(block);
        }
        work_cv_.notify_one();
      }
    } catch (...) {
      fail(std::current_exception());
    }
  }

  // A free block, a new one while under the limit, or nothing once the run has stopped.
  Block* acquire() {
    std::unique_lock lock(m_);
    for (;;) {
      if (stop_) return nullptr;
      if (!free_.empty()) {
        Block* block = free_.back();
        free_.pop_back();
        return block;
      }
      if (all_.size() < limit_) {
        all_.push_back(std::make_unique<Block>());
        return all_.back().get();
      }
      free_cv_.wait(lock);
    }
  }

  void work_loop(BlockProcessor& processor) {
    for (;;) {
      Block* block = nullptr;
      {
        std::unique_lock lock(m_);
        work_cv_.wait(lock, [&] { return stop_ || !queue_.empty() || input_done_; });
        if (stop_ || queue_.empty()) return;
        block = queue_.front();
        queue_.pop_front();
      }
      try {
        processor.process(*block);
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      {
        std::lock_guard lock(m_);
        block->done = true;
        // Another worker writing will see this block if it is next; else this one writes.
        if (writing_) continue;
        writing_ = true;
      }
      if (!write_done_blocks()) return;
    }
  }

  // Writes the oldest blocks while they are done, in order. Called by the one worker that
  // set writing_; clears it (under the lock, so that a block finished meanwhile is either
  // seen here or finds writing_ clear and is written by its own worker). Returns false
  // once the run has failed.
  bool write_done_blocks() {
    for (;;) {
      Block* block = nullptr;
      {
        std::lock_guard lock(m_);
        if (stop_ || pending_.empty() || !pending_.front()->done) {
          writing_ = false;
          return !stop_;
        }
        block = pending_.front();
        pending_.pop_front();
      }
      if (stopped()) return false;
      try {
        sink_.write(*block);
      } catch (...) {
        fail(std::current_exception());
        return false;
      }
      {
        std::lock_guard lock(m_);
        free_.push_back(block);
      }
      free_cv_.notify_one();
    }
  }

  // Whether `stop` was set; if so, the run fails with Interrupted like a failing stage.
  bool stopped() {
    const int signal = stop_flag_ ? stop_flag_->load(std::memory_order_relaxed) : 0;
    if (signal) fail(std::make_exception_ptr(Interrupted(signal)));
    return signal != 0;
  }

  void fail(std::exception_ptr error) {
    {
      std::lock_guard lock(m_);
      if (!error_) error_ = std::move(error);
      stop_ = true;
    }
    work_cv_.notify_all();
    free_cv_.notify_all();
  }

  BlockSource& source_;
  BlockSink& sink_;
  const unsigned jobs_;
  const std::size_t limit_;
  const std::atomic<int>* stop_flag_;

  std::mutex m_;
  std::condition_variable work_cv_;  // workers: a block to process, or the end
  std::condition_variable free_cv_;  // reader: a block was written and can be reused
  std::deque<Block*> queue_;         // filled, waiting for a worker
  std::deque<Block*> pending_;       // filled and not yet written, in input order
  std::vector<Block*> free_;
  std::vector<std::unique_ptr<Block>> all_;
  bool input_done_ = false;
  bool stop_ = false;
  bool writing_ = false;  // a worker is in write_done_blocks()
  std::exception_ptr error_;
};

}  // namespace

std::size_t max_blocks_in_flight(unsigned jobs) {
  return jobs <= 1 ? 1 : 2 * std::size_t{jobs} + 2;
}

std::size_t run_pipeline(BlockSource& source, const ProcessorFactory& make_processor,
                         BlockSink& sink, unsigned jobs, const std::atomic<int>* stop) {
  if (jobs <= 1) {
    // One thread: no queues, no locks, one block reused throughout.
    const auto check = [stop] {
      if (const int signal = stop ? stop->load(std::memory_order_relaxed) : 0)
        throw Interrupted(signal);
    };
    const auto processor = make_processor();
    Block block;
    for (std::uint64_t seq = 0;; ++seq) {
      check();
      block.clear();
      block.seq = seq;
      if (!source.fill(block)) break;
      processor->process(block);
      check();
      sink.write(block);
    }
    return 1;
  }
  return Pipeline(source, sink, jobs, stop).run(make_processor);
}

}  // namespace spotcheck::cli
