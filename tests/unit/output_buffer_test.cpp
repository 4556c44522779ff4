// OutputBuffer: what is appended or committed is kept, in order, across growth.
#include <cstring>
#include <string>

#include <catch2/catch.hpp>

#include <spotcheck/output_buffer.h>

using spotcheck::OutputBuffer;

TEST_CASE("output buffer keeps appended bytes in order across growth") {
  OutputBuffer b;
  CHECK(b.empty());
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    const std::string piece = std::to_string(i) + ",";
    b.append(piece);
    b.push_back(';');
    expected += piece + ";";
  }
  CHECK(b.view() == expected);
  CHECK(b.size() == expected.size());
  CHECK(b.capacity() >= b.size());
}

TEST_CASE("output buffer commits what was written in reserved room") {
  OutputBuffer b;
  b.append("head:");
  char* at = b.reserve(10000);
  CHECK(at == b.end());
  CHECK(b.limit() - at >= 10000);
  std::memset(at, 'x', 7000);
  b.commit(at + 7000);
  CHECK(b.size() == 5 + 7000);
  // Growing again moves the contents, committed bytes included.
  const char* more = b.reserve(b.capacity());
  CHECK(more == b.end());
  CHECK(b.view() == "head:" + std::string(7000, 'x'));
}

TEST_CASE("output buffer: clear keeps the memory, release frees it") {
  OutputBuffer b;
  b.append(std::string(5000, 'a'));
  const auto capacity = b.capacity();
  b.clear();
  CHECK(b.empty());
  CHECK(b.capacity() == capacity);
  b.append("z");
  CHECK(b.view() == "z");
  b.release();
  CHECK(b.capacity() == 0);
  CHECK(b.view().empty());
}
