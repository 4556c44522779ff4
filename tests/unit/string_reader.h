// A ReadFn over a string for batch input tests: serves it in reads of at most `chunk`
// bytes, like a pipe that delivers a little at a time.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "batch_line_reader.h"

namespace spotcheck::test {

inline cli::ReadFn string_reader(std::string data, std::size_t chunk) {
  auto text = std::make_shared<std::string>(std::move(data));
  auto pos = std::make_shared<std::size_t>(0);
  return [text, pos, chunk](char* buffer, std::size_t size) {
    const std::size_t n = std::min({chunk, size, text->size() - *pos});
    std::memcpy(buffer, text->data() + *pos, n);
    *pos += n;
    return n;
  };
}

}  // namespace spotcheck::test
