// What nlohmann accepts silently in a knowledge-base document but the loader must not:
// nesting deeper than the engine's recursive passes can afford, and an object naming a
// key twice (nlohmann keeps the last, so a mistake would pass unseen).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace spotcheck::detail {

struct JsonShapeProblem {
  std::size_t offset = 0;  ///< byte offset in the text
  std::string message;
  bool too_deep = false;  ///< nesting too deep: the document must not be read further
  std::string pointer;    ///< JSON pointer of the repeated key, or of the too deep value
};

/// The problems in `text`, which must already be valid JSON, in text order: every key
/// repeated in one object, and an array or object opened at depth `max_depth` + 1 (the
/// last problem: the check stops there). One pass, no recursion, so any input is safe.
std::vector<JsonShapeProblem> check_json_shape(std::string_view text, std::size_t max_depth);

}  // namespace spotcheck::detail
