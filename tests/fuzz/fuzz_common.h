// What the fuzz targets share: the knowledge bases they evaluate with, and the checks that
// turn a wrong answer (not only a crash) into a finding libFuzzer reports and saves.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <spotcheck/embedded_kb.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck::fuzz {

/// Where findings are reported: stderr as it was before libFuzzer's -close_fd_mask=2
/// silenced it (for the program's own messages), set by LLVMFuzzerInitialize below.
inline int report_fd = STDERR_FILENO;

/// Reports a broken property and aborts, so that libFuzzer saves the input as a crash.
/// (Not assert(): the fuzz build is a release build, with NDEBUG.)
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
  std::string text = "spotcheck fuzz finding: " + std::string(what) + "\n";
  if (!detail.empty()) text += "  " + std::string(detail.substr(0, 4096)) + "\n";
  if (::write(report_fd, text.data(), text.size()) < 0) std::perror("write");
  std::abort();
}

#define SPOTCHECK_FUZZ_CHECK(condition, detail) \
  ((condition) ? void() : ::spotcheck::fuzz::fail("check failed: " #condition, (detail)))

/// The built-in knowledge base, which evaluates through its native code.
inline const KnowledgeBase& native_kb() {
  static const auto kb = KnowledgeBase::embedded();
  return *kb;
}

/// The same knowledge base loaded from its text, which evaluates through the interpreter:
/// the two must give the same results.
inline const KnowledgeBase& interpreted_kb() {
  static const auto kb = KnowledgeBase::load(embedded_kb_text(), "kb.json");
  return *kb;
}

/// Whether `s` is well-formed UTF-8 (RFC 3629: shortest forms, no surrogates, at most
/// U+10FFFF). Written here rather than taken from the engine, so that it checks it.
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      if (c == 0xF0) lo = 0x90;  // no overlong forms
      if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return false;
    for (std::size_t k = 2; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

/// Whether a message is one line for a terminal: no line break or other control byte
/// (messages go to stderr one per line, after "spotcheck: error: ").
inline bool one_line(std::string_view message) {
  for (const char c : message)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

/// Checks that `text` is one valid UTF-8 JSON document and returns it parsed.
inline nlohmann::json parse_output(std::string_view text) {
  if (!valid_utf8(text)) fail("output is not valid UTF-8", text);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    fail(std::string("output is not JSON: ") + e.what(), text);
  }
}

}  // namespace spotcheck::fuzz

// libFuzzer calls this before it acts on its flags, so stderr is still open here. (Each
// target is one translation unit, so this header is included once per program.)
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const int fd = ::dup(STDERR_FILENO); fd >= 0) spotcheck::fuzz::report_fd = fd;
  return 0;
}
