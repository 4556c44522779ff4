// Small broken knowledge bases for the validation tests: the valid, lint-clean
// tests/data/broken_kbs/minimal.json with one piece of text replaced, and where in the
// text a diagnostic is expected, computed here independently of the engine.
#pragma once

#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include <spotcheck/kb_diagnostics.h>

namespace spotcheck::test::broken_kb {

inline std::string minimal_kb_text() {
  std::ifstream in(std::string(SPOTCHECK_TEST_DATA) + "/data/broken_kbs/minimal.json",
                   std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `text` with `from`, which must occur exactly once, replaced by `to`.
inline std::string patched(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

/// The minimal knowledge base with `from` replaced by `to`.
inline std::string minimal_with(std::string_view from, std::string_view to) {
  return patched(minimal_kb_text(), from, to);
}

struct Place {
  std::size_t line = 1, column = 1;
};

/// 1-based line and byte column of the first `marker` in `text`.
inline Place place_of(const std::string& text, std::string_view marker) {
  const auto at = text.find(marker);
  REQUIRE(at != std::string::npos);
  Place p;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

struct Expected {
  std::string pointer;
  KbSeverity severity;
  KbCheckKind kind;
  std::string message;
  std::string marker;  ///< the text the diagnostic must point at (its first occurrence)
};

/// Checks that validating `text` gives exactly the one diagnostic `e`.
inline KbValidation expect_only(const std::string& text, const Expected& e) {
  const KbValidation v = validate_knowledge_base(text, "kb.json");
  std::string all;
  for (const KbDiagnostic& d : v.diagnostics) all += format_kb_diagnostic(v.origin, d) + "\n";
  INFO("expected: " << e.message << "\ngot:\n" << all);
  REQUIRE(v.diagnostics.size() == 1);
  const KbDiagnostic& d = v.diagnostics[0];
  CHECK(d.pointer == e.pointer);
  CHECK(d.has_pointer);
  CHECK(d.severity == e.severity);
  CHECK(d.kind == e.kind);
  CHECK(d.message == e.message);
  const Place p = place_of(text, e.marker);
  CHECK(d.line == p.line);
  CHECK(d.column == p.column);
  CHECK(v.errors == (e.severity == KbSeverity::kError ? 1u : 0u));
  CHECK(v.warnings == (e.severity == KbSeverity::kWarning ? 1u : 0u));
  CHECK((v.kb != nullptr) == (e.severity == KbSeverity::kWarning));
  return v;
}

}  // namespace spotcheck::test::broken_kb
