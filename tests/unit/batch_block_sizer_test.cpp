#include "batch_block_sizer.h"

#include <catch2/catch.hpp>

using spotcheck::cli::BlockSizer;

TEST_CASE("batch block sizer starts small and aims at the output target", "[batch][sizer]") {
  BlockSizer sizer(512, 512 * 1024);
  CHECK(sizer.items() == BlockSizer::kFirstItems);
  sizer.observe(100, 100 * 2048);  // 2 KB a case: 256 cases make 512 KiB
  CHECK(sizer.items() == 256);
  sizer.observe(100, 100 * 100);  // small results: capped at the maximum
  CHECK(sizer.items() == 512);
  sizer.observe(10, 10 * 1024 * 1024);  // huge results: never below the minimum
  CHECK(sizer.items() == BlockSizer::kMinItems);
  sizer.observe(0, 0);  // an empty block teaches nothing
  CHECK(sizer.items() == BlockSizer::kMinItems);
}
