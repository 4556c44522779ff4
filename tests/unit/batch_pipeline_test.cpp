#include "batch_pipeline.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "interrupt.h"

using namespace spotcheck::cli;

namespace {

// Blocks of 1-16 numbered items; `limit` blocks in all.
class CountingSource : public BlockSource {
 public:
  explicit CountingSource(std::uint64_t limit, std::uint64_t throw_at = UINT64_MAX)
      : limit_(limit), throw_at_(throw_at) {}
  bool fill(Block& block) override {
    if (blocks_ == throw_at_) throw std::runtime_error("source failed");
    if (blocks_ == limit_) return false;
    const std::size_t n = 1 + (blocks_ * 7) % 16;
    for (std::size_t i = 0; i < n; ++i) block.items.push_back({0, 0, next_item_++, 0});
    ++blocks_;
    return true;
  }
  std::uint64_t blocks_ = 0, next_item_ = 0;

 private:
  std::uint64_t limit_, throw_at_;
};

// Takes an uneven, random time per block (some blocks 0, some ~2 ms), so blocks finish
// out of order, and writes each item's number as a line.
class SlowProcessor : public BlockProcessor {
 public:
  SlowProcessor(unsigned seed, std::atomic<int>& live, std::uint64_t throw_at)
      : rng_(seed), live_(live), throw_at_(throw_at) {}
  void process(Block& block) override {
    if (block.seq == throw_at_) throw std::runtime_error("processor failed");
    ++live_;
    const int roll = std::uniform_int_distribution<int>(0, 9)(rng_);
    if (roll < 3) std::this_thread::sleep_for(std::chrono::microseconds(roll * 700));
    for (const WorkItem& item : block.items) block.out.append(std::to_string(item.line) + "\n");
    block.tally.cases = block.items.size();
    --live_;
  }

 private:
  std::mt19937 rng_;
  std::atomic<int>& live_;
  std::uint64_t throw_at_;
};

class CheckingSink : public BlockSink {
 public:
  explicit CheckingSink(std::uint64_t throw_at = UINT64_MAX) : throw_at_(throw_at) {}
  void write(Block& block) override {
    // Never two writes at once: workers take turns at writing.
    overlapped = overlapped || in_write_.fetch_add(1) != 0;
    if (block.seq == throw_at_) {
      --in_write_;
      throw std::runtime_error("sink failed");
    }
    seqs_in_order = seqs_in_order && block.seq == written_blocks;
    ++written_blocks;
    output += block.out.view();
    if (block.seq % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
    --in_write_;
  }
  bool overlapped = false;
  bool seqs_in_order = true;
  std::uint64_t written_blocks = 0;
  std::string output;

 private:
  std::atomic<int> in_write_{0};
  std::uint64_t throw_at_;
};

std::string expected_output(std::uint64_t items) {
  std::string s;
  for (std::uint64_t i = 0; i < items; ++i) s += std::to_string(i) + "\n";
  return s;
}

}  // namespace

TEST_CASE("batch pipeline writes every block in input order, whatever the jobs",
          "[batch][pipeline]") {
  for (const unsigned jobs : {1u, 2u, 3u, 4u, 8u}) {
    CAPTURE(jobs);
    CountingSource source(400);
    std::atomic<int> live{0};
    unsigned seed = 1;
    CheckingSink sink;
    const std::size_t allocated = run_pipeline(
        source, [&] { return std::make_unique<SlowProcessor>(seed++, live, UINT64_MAX); }, sink,
        jobs);
    CHECK(sink.seqs_in_order);
    CHECK(sink.written_blocks == 400);
    CHECK_FALSE(sink.overlapped);
    CHECK(sink.output == expected_output(source.next_item_));
    CHECK(allocated <= max_blocks_in_flight(jobs));  // memory bound: blocks are recycled
    CHECK(live == 0);
  }
}

TEST_CASE("batch pipeline: no input, no output", "[batch][pipeline]") {
  for (const unsigned jobs : {1u, 4u}) {
    CountingSource source(0);
    std::atomic<int> live{0};
    CheckingSink sink;
    run_pipeline(
        source, [&] { return std::make_unique<SlowProcessor>(1, live, UINT64_MAX); }, sink, jobs);
    CHECK(sink.written_blocks == 0);
  }
}

TEST_CASE("batch pipeline bounds the blocks in flight", "[batch][pipeline]") {
  CHECK(max_blocks_in_flight(1) == 1);
  CHECK(max_blocks_in_flight(2) == 6);
  CHECK(max_blocks_in_flight(4) == 10);
}

TEST_CASE("batch pipeline: a failing stage stops the run and its error comes back",
          "[batch][pipeline]") {
  for (const unsigned jobs : {1u, 2u, 4u}) {
    CAPTURE(jobs);
    std::atomic<int> live{0};
    {
      // A sink that fails (a full disk) must stop the reader too, long before the end.
      CountingSource source(1'000'000'000);
      CheckingSink sink(5);
      CHECK_THROWS_WITH(
          run_pipeline(
              source, [&] { return std::make_unique<SlowProcessor>(1, live, UINT64_MAX); }, sink,
              jobs),
          "sink failed");
      CHECK(sink.written_blocks == 5);
      CHECK(source.blocks_ < 100);
    }
    {
      CountingSource source(1000);
      CheckingSink sink;
      CHECK_THROWS_WITH(
          run_pipeline(
              source, [&] { return std::make_unique<SlowProcessor>(1, live, 7); }, sink, jobs),
          "processor failed");
      CHECK(sink.written_blocks <= 7);  // nothing after the failed block is written
    }
    {
      CountingSource source(1000, 9);
      CheckingSink sink;
      CHECK_THROWS_WITH(
          run_pipeline(
              source, [&] { return std::make_unique<SlowProcessor>(1, live, UINT64_MAX); }, sink,
              jobs),
          "source failed");
    }
  }
}

TEST_CASE("batch pipeline: a stop flag ends the run between blocks, with whole blocks written",
          "[batch][pipeline][interrupt]") {
  // A sink that raises the flag while it writes block 3, as a signal arriving then would.
  class StoppingSink : public CheckingSink {
   public:
    explicit StoppingSink(std::atomic<int>& stop) : stop_(stop) {}
    void write(Block& block) override {
      CheckingSink::write(block);
      if (block.seq == 3) stop_ = 15;
    }

   private:
    std::atomic<int>& stop_;
  };
  for (const unsigned jobs : {1u, 2u, 4u}) {
    CAPTURE(jobs);
    std::atomic<int> live{0};
    std::atomic<int> stop{0};
    CountingSource source(1'000'000'000);
    StoppingSink sink(stop);
    try {
      run_pipeline(
          source, [&] { return std::make_unique<SlowProcessor>(1, live, UINT64_MAX); }, sink, jobs,
          &stop);
      FAIL("not stopped");
    } catch (const Interrupted& e) {
      CHECK(e.signal() == 15);
    }
    // Blocks 0 to 3, whole and in order; nothing after the flag was seen.
    CHECK(sink.written_blocks == 4);
    CHECK(sink.seqs_in_order);
    std::uint64_t items = 0;
    for (std::uint64_t b = 0; b < 4; ++b) items += 1 + (b * 7) % 16;
    CHECK(sink.output == expected_output(items));
    CHECK(source.blocks_ < 100);  // the reader stopped too
    CHECK(live == 0);             // every thread has ended
  }
  // A flag that stays 0 changes nothing.
  std::atomic<int> live{0};
  std::atomic<int> never{0};
  CountingSource source(300);
  CheckingSink sink;
  run_pipeline(
      source, [&] { return std::make_unique<SlowProcessor>(2, live, UINT64_MAX); }, sink, 3,
      &never);
  CHECK(sink.written_blocks == 300);
}
