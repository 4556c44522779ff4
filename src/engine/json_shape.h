// What nlohmann accepts silently in a knowledge-base document but the loader must not:
// nesting deeper than the engine's recursive passes can afford, and an object naming a
// key twice (nlohmann keeps the last, so a mistake would pass unseen).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace spotcheck::detail {

struct JsonShapeProblem {
  std::size_t offset = 0;  ///< byte offset in the text
  std::string message;
};

/// The first problem in `text`, which must already be valid JSON: an array or object
/// opened at depth `max_depth` + 1, or a key repeated in one object. One pass, no
/// recursion, so any input is safe.
std::optional<JsonShapeProblem> check_json_shape(std::string_view text, std::size_t max_depth);

}  // namespace spotcheck::detail
