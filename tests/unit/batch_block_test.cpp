#include "batch_block.h"

#include <string>

#include <catch2/catch.hpp>

using spotcheck::cli::Block;

TEST_CASE("batch block: clear keeps the buffers for reuse", "[batch][block]") {
  Block block;
  block.text.assign(5000, 'y');
  block.items.push_back({0, 5000, 1, 0});
  block.out.append("out");
  block.done = true;
  const auto capacity = block.text.capacity();
  block.clear();
  CHECK(block.text.empty());
  CHECK(block.items.empty());
  CHECK(block.out.empty());
  CHECK_FALSE(block.done);
  CHECK(block.text.capacity() == capacity);
}

TEST_CASE("batch block: an oversized buffer is released, a normal one kept", "[batch][block]") {
  Block block;
  block.out.append(std::string(10000, 'x'));
  block.text.assign(100, 'y');
  block.release_oversized(1000);
  CHECK(block.out.capacity() < 1000);
  CHECK(block.text == std::string(100, 'y'));
}
