// The id index must find every id it holds and nothing else, whatever the id's length:
// short ids are compared as two words, longer ones by their middle bytes as well.
#include "id_index.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

using spotcheck::detail::IdIndex;

namespace {

std::vector<std::string_view> views(const std::vector<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

}  // namespace

TEST_CASE("the id index finds each id at its position, for every length") {
  std::vector<std::string> ids;
  for (std::size_t n = 1; n <= 40; ++n)
    ids.push_back(std::string(n, static_cast<char>('a' + n % 26)));
  ids.push_back("frequent_infections");
  const IdIndex index(views(ids));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    CAPTURE(ids[i]);
    const auto found = index.find(ids[i]);
    REQUIRE(found.has_value());
    CHECK(*found == i);
  }
}

TEST_CASE("the id index finds nothing for ids it does not hold") {
  const std::vector<std::string> ids{"fever", "stiff_neck", "bleeding_wont_stop",
                                     "frequent_infections"};
  const IdIndex index(views(ids));
  // Same first and last eight bytes and length as a held id, other middle bytes.
  CHECK_FALSE(index.find("bleedingXwont_stop").has_value());
  CHECK_FALSE(index.find("frequent_XXXXctions").has_value());
  // Prefixes, extensions, a zero-padded twin and the empty id.
  CHECK_FALSE(index.find("feve").has_value());
  CHECK_FALSE(index.find("fevers").has_value());
  CHECK_FALSE(index.find(std::string_view("fever\0", 6)).has_value());
  CHECK_FALSE(index.find("").has_value());
  CHECK_FALSE(index.find("stiff_nec").has_value());
  CHECK(index.find("stiff_neck") == std::optional<std::size_t>(1));
}

TEST_CASE("an empty id index finds nothing") {
  const IdIndex index(std::vector<std::string_view>{});
  CHECK_FALSE(index.find("fever").has_value());
  CHECK_FALSE(index.find("").has_value());
}
