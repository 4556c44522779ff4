// Everything written so far to a temporary FILE*, for tests of code that writes to one.
#pragma once

#include <cstdio>
#include <string>

namespace spotcheck::test {

inline std::string read_all(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) s.append(buffer, n);
  return s;
}

}  // namespace spotcheck::test
