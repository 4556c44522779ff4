#include "json_shape.h"

#include <set>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace spotcheck::detail {

std::vector<JsonShapeProblem> check_json_shape(std::string_view text, std::size_t max_depth) {
  std::vector<JsonShapeProblem> problems;
  struct Level {
    bool object = false;
    bool expect_key = false;
    std::set<std::string> keys;
    const std::string* key = nullptr;  // the member being read (objects)
    std::size_t index = 0;             // the element being read (arrays)
  };
  std::vector<Level> open;
  // The JSON pointer of the value being read, built only when there is a problem.
  const auto pointer = [&open]() {
    std::string out;
    for (const Level& level : open) {
      out += '/';
      if (!level.object) {
        out += std::to_string(level.index);
        continue;
      }
      for (const char ch : level.key ? *level.key : std::string())
        out += ch == '~' ? std::string("~0") : ch == '/' ? std::string("~1") : std::string(1, ch);
    }
    return out;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      if (open.size() == max_depth) {
        problems.push_back(
            {i,
             fmt::format("nesting deeper than {} levels (a knowledge base never needs it)",
                         max_depth),
             true, pointer()});
        return problems;
      }
      open.push_back({c == '{', c == '{', {}, nullptr, 0});
    } else if (c == '}' || c == ']') {
      if (!open.empty()) open.pop_back();
    } else if (c == ',') {
      if (!open.empty() && open.back().object) open.back().expect_key = true;
      if (!open.empty() && !open.back().object) ++open.back().index;
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
        const auto [it, inserted] = open.back().keys.insert(std::move(key));
        open.back().key = &*it;
        if (!inserted)
          problems.push_back({i,
                              fmt::format("duplicate key '{}' in one object (a JSON object may "
                                          "name a key only once)",
                                          *it),
                              false, pointer()});
      }
      i = end;
    }
  }
  return problems;
}

}  // namespace spotcheck::detail
