// Checking a knowledge base for every problem at once (`spotcheck kb validate`,
// docs/kb-format.md "Validating a knowledge base"), as opposed to KnowledgeBase::load,
// which refuses a broken one with its first problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <spotcheck/knowledge_base.h>

namespace spotcheck {

/// An error makes the knowledge base unusable (KnowledgeBase::load refuses it); a warning
/// is a likely mistake that loading lets through (`kb validate --strict` refuses it).
enum class KbSeverity : std::uint8_t { kError, kWarning };

/// What kind of check found the problem (documented per check in docs/kb-format.md):
/// the JSON text itself; the shape (keys, types, ids, limits); references between parts
/// (unknown ids, duplicate ids, type mismatches, cycles); the logic of the rules and
/// causes, checked only once the knowledge base loads without errors.
enum class KbCheckKind : std::uint8_t { kSyntax, kSchema, kReference, kLogic };

struct KbDiagnostic {
  std::size_t offset = 0;            ///< byte offset in the text
  std::size_t line = 1, column = 1;  ///< 1-based; columns count bytes
  /// JSON pointer to the value concerned ("" is the whole document); empty and
  /// `has_pointer` false for a syntax error, which has only a position.
  std::string pointer;
  bool has_pointer = true;
  KbSeverity severity = KbSeverity::kError;
  KbCheckKind kind = KbCheckKind::kSchema;
  std::string message;  ///< one line, no trailing period
};

struct KbValidation {
  std::string origin;  ///< the name the diagnostics give the file
  /// Every problem found, in file order (by offset; problems at one place in the order
  /// they were found). Capped at kMaxKbDiagnostics, the last then saying so.
  std::vector<KbDiagnostic> diagnostics;
  std::size_t errors = 0, warnings = 0;
  /// The knowledge base when it has no errors (warnings allowed), else null.
  std::shared_ptr<const KnowledgeBase> kb;
};

/// More problems than this and checking stops: the file is probably not a knowledge base.
inline constexpr std::size_t kMaxKbDiagnostics = 200;

/// Checks `text` against every rule of docs/kb-format.md, collecting all problems: a JSON
/// syntax error stops at once (nothing else can be read); a bad item (a finding, a rule,
/// a cause...) is reported and skipped without hiding the others, and what refers to a
/// skipped item is not reported again. When there are no errors, the logic checks run
/// too (kb_lint). Never throws for bad input.
KbValidation validate_knowledge_base(std::string_view text, std::string origin);

const char* severity_name(KbSeverity s);  ///< "error", "warning"
const char* kind_name(KbCheckKind k);     ///< "syntax", "schema", "reference", "logic"

/// "ORIGIN:LINE:COL: error: POINTER: message" (the root pointer shown as "/"; a syntax
/// error has no pointer part), one line.
std::string format_kb_diagnostic(std::string_view origin, const KbDiagnostic& d);

}  // namespace spotcheck
