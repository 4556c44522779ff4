// The knowledge base compiled into the binary from data/kb.json.
#pragma once

#include <string_view>

namespace spotcheck {

/// The text of data/kb.json as it was when the binary was built.
std::string_view embedded_kb_text();
/// Lower-case hex SHA-256 of that text, computed at build time.
std::string_view embedded_kb_sha256();
/// The same knowledge base, checked and compiled at build time (KnowledgeBase::to_image).
std::string_view embedded_kb_image();

}  // namespace spotcheck
