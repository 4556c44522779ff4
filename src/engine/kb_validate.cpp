// validate_knowledge_base (kb_diagnostics.h): the loader in its collecting mode, then the
// logic checks, and the compiler-like one-line form of a diagnostic.
#include <fmt/format.h>

#include <spotcheck/kb_diagnostics.h>

#include "kb_error_reporter.h"
#include "kb_loader.h"

namespace spotcheck {

KbValidation validate_knowledge_base(std::string_view text, std::string origin) {
  KbValidation out;
  out.origin = origin;
  KbLoader loader(text, std::move(origin));
  out.kb = loader.load({}, true);
  out.errors = loader.diagnostics().errors();
  out.diagnostics = loader.diagnostics().take();
  out.warnings = out.diagnostics.size() - out.errors;
  if (out.errors != 0) out.kb.reset();
  return out;
}

const char* severity_name(KbSeverity s) {
  return s == KbSeverity::kError ? "error" : "warning";
}

const char* kind_name(KbCheckKind k) {
  switch (k) {
    case KbCheckKind::kSyntax:
      return "syntax";
    case KbCheckKind::kSchema:
      return "schema";
    case KbCheckKind::kReference:
      return "reference";
    case KbCheckKind::kLogic:
      return "logic";
  }
  return "?";
}

std::string format_kb_diagnostic(std::string_view origin, const KbDiagnostic& d) {
  std::string line =
      fmt::format("{}:{}:{}: {}: ", origin, d.line, d.column, severity_name(d.severity));
  if (d.has_pointer) line += detail::one_line(d.pointer.empty() ? "/" : d.pointer) + ": ";
  return line + d.message;
}

}  // namespace spotcheck
