// SHA-256 (FIPS 180-4), to name a knowledge base loaded at run time in every result.
#pragma once

#include <string>
#include <string_view>

namespace spotcheck::detail {

/// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace spotcheck::detail
