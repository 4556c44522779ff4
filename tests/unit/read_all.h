// Reading back what a test wrote: everything written so far to a temporary FILE*, or a
// whole file.
#pragma once

#include <cstdio>
#include <fstream>
#include <sstream>
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

// The whole file at `path` ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace spotcheck::test
