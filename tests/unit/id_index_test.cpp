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
    CHECK(index.find(ids[i]) == i);
  }
}

TEST_CASE("the id index finds nothing for ids it does not hold") {
  const std::vector<std::string> ids{"fever", "stiff_neck", "bleeding_wont_stop",
                                     "frequent_infections"};
  const IdIndex index(views(ids));
  // Same first and last eight bytes and length as a held id, other middle bytes.
  CHECK(index.find("bleedingXwont_stop") == IdIndex::kMissing);
  CHECK(index.find("frequent_XXXXctions") == IdIndex::kMissing);
  // Prefixes, extensions, a zero-padded twin and the empty id.
  CHECK(index.find("feve") == IdIndex::kMissing);
  CHECK(index.find("fevers") == IdIndex::kMissing);
  CHECK(index.find(std::string_view("fever\0", 6)) == IdIndex::kMissing);
  CHECK(index.find("") == IdIndex::kMissing);
  CHECK(index.find("stiff_nec") == IdIndex::kMissing);
  CHECK(index.find("stiff_neck") == 1);
}

TEST_CASE("an empty id index finds nothing") {
  const IdIndex index(std::vector<std::string_view>{});
  CHECK(index.find("fever") == IdIndex::kMissing);
  CHECK(index.find("") == IdIndex::kMissing);
}

TEST_CASE("the id index tells apart ids that differ in any one byte") {
  // Short ids are read with overlapping loads: every byte must count.
  for (std::size_t n = 1; n <= 24; ++n) {
    const std::string id = std::string("abcdefghijklmnopqrstuvwx").substr(0, n);
    const IdIndex index(std::vector<std::string_view>{id});
    REQUIRE(index.find(id) == 0);
    for (std::size_t i = 0; i < n; ++i) {
      std::string other = id;
      other[i] = 'X';
      CAPTURE(other);
      CHECK(index.find(other) == IdIndex::kMissing);
    }
  }
}
