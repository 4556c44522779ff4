#include "json_shape.h"

#include <set>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace spotcheck::detail {

std::optional<JsonShapeProblem> check_json_shape(std::string_view text, std::size_t max_depth) {
  struct Level {
    bool object = false;
    bool expect_key = false;
    std::set<std::string> keys;
  };
  std::vector<Level> open;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      if (open.size() == max_depth)
        return JsonShapeProblem{
            i, fmt::format("nesting deeper than {} levels (a knowledge base never needs it)",
                           max_depth)};
      open.push_back({c == '{', c == '{', {}});
    } else if (c == '}' || c == ']') {
      if (!open.empty()) open.pop_back();
    } else if (c == ',') {
      if (!open.empty() && open.back().object) open.back().expect_key = true;
    } else if (c == ':') {
      if (!open.empty()) open.back().expect_key = false;
    } else if (c == '"') {
      std::size_t end = i + 1;
      bool escaped = false;
      for (; end < text.size() && text[end] != '"'; ++end) {
        if (text[end] == '\\') {
          escaped = true;
          ++end;
        }
      }
      if (!open.empty() && open.back().object && open.back().expect_key) {
        const std::string_view raw = text.substr(i, end + 1 - i);
        // Keys with escapes are compared by what they spell ("a" and "\u0061" are one key).
        std::string key = escaped ? nlohmann::json::parse(raw).get<std::string>()
                                  : std::string(raw.substr(1, raw.size() - 2));
        if (!open.back().keys.insert(key).second)
          return JsonShapeProblem{i, fmt::format("duplicate key '{}' in one object (a JSON "
                                                 "object may name a key only once)",
                                                 key)};
      }
      i = end;
    }
  }
  return std::nullopt;
}

}  // namespace spotcheck::detail
