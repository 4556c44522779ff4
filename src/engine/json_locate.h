// Finds where a JSON pointer's value stands in a document's text, for error messages
// that name a line and column (nlohmann's DOM keeps no positions).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace spotcheck::detail {

/// Byte offset of the value at `tokens` (a JSON pointer, split and unescaped) in the
/// valid JSON document `text`; the offset of the deepest part found when the pointer
/// goes further than the document.
std::size_t locate_pointer(std::string_view text, const std::vector<std::string>& tokens);

}  // namespace spotcheck::detail
