#include "kb_error_reporter.h"

#include <algorithm>

#include <fmt/format.h>

#include <spotcheck/error.h>

#include "echo.h"
#include "json_locate.h"

namespace spotcheck::detail {
namespace {

// "/a/b~1c" -> {"a", "b/c"}
std::vector<std::string> split_pointer(const std::string& pointer) {
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '/') {
      tokens.emplace_back();
    } else if (pointer[i] == '~' && i + 1 < pointer.size()) {
      tokens.back() += pointer[++i] == '1' ? '/' : '~';
    } else if (!tokens.empty()) {
      tokens.back() += pointer[i];
    }
  }
  return tokens;
}

}  // namespace

std::string one_line(std::string_view message) {
  return escape_controls(message);
}

void KbErrorReporter::add(KbDiagnostic d) {
  if (diagnostics_.size() + 1 >= kMaxKbDiagnostics) {
    // The last place is kept for saying so: a file this broken is probably not a knowledge
    // base, and locating thousands of problems would take long.
    d.severity = KbSeverity::kError;
    d.message = fmt::format("more than {} problems: stopping here", kMaxKbDiagnostics - 1);
  }
  const TextPosition at = text_position(text_, d.offset);
  d.line = at.line;
  d.column = at.column;
  d.message = one_line(d.message);
  if (d.severity == KbSeverity::kError) ++errors_;
  diagnostics_.push_back(std::move(d));
  if (diagnostics_.size() == kMaxKbDiagnostics) throw LoadStopped{};
}

void KbErrorReporter::report(const Ptr& where, KbSeverity severity, KbCheckKind kind,
                             const std::string& message) {
  KbDiagnostic d;
  d.pointer = where.to_string();
  d.offset = locate_pointer(text_, split_pointer(d.pointer));
  d.severity = severity;
  d.kind = kind;
  d.message = message;
  add(std::move(d));
}

void KbErrorReporter::report_at(std::size_t offset, KbSeverity severity, KbCheckKind kind,
                                const std::string& message) {
  KbDiagnostic d;
  d.offset = offset;
  d.has_pointer = false;
  d.severity = severity;
  d.kind = kind;
  d.message = message;
  add(std::move(d));
}

void KbErrorReporter::report_located(std::size_t offset, std::string pointer, KbSeverity severity,
                                     KbCheckKind kind, const std::string& message) {
  KbDiagnostic d;
  d.offset = offset;
  d.pointer = std::move(pointer);
  d.severity = severity;
  d.kind = kind;
  d.message = message;
  add(std::move(d));
}

void KbErrorReporter::fail(const Ptr& where, const std::string& message) {
  report(where, KbSeverity::kError, KbCheckKind::kSchema, message);
  throw ItemAbandoned{};
}

void KbErrorReporter::fail_ref(const Ptr& where, const std::string& message) {
  report(where, KbSeverity::kError, KbCheckKind::kReference, message);
  throw ItemAbandoned{};
}

void KbErrorReporter::fail_at(std::size_t offset, const std::string& message) {
  report_at(offset, KbSeverity::kError, KbCheckKind::kSyntax, message);
  throw LoadStopped{};
}

void KbErrorReporter::unknown(RefKind kind, const std::string& id, const Ptr& where,
                              const std::string& message) {
  if (is_broken(kind, id)) throw ItemAbandoned{};
  fail_ref(where, message);
}

std::vector<KbDiagnostic> KbErrorReporter::take() {
  std::stable_sort(
      diagnostics_.begin(), diagnostics_.end(),
      [](const KbDiagnostic& a, const KbDiagnostic& b) { return a.offset < b.offset; });
  return std::move(diagnostics_);
}

// The first error found, not the first in the file: sections are read definitions before
// uses, so the first found is most often the cause of the rest (a duplicate finding id
// before the evidence that then names an unknown one; a duplicate key before the missing
// keys reported at the root). `kb validate` lists them all in file order.
std::string KbErrorReporter::first_error_line() const {
  const auto first = std::find_if(diagnostics_.begin(), diagnostics_.end(),
                                  [](const auto& d) { return d.severity == KbSeverity::kError; });
  if (first == diagnostics_.end()) return {};
  std::string line = fmt::format("{}:{}:{}: ", origin_, first->line, first->column);
  if (first->has_pointer) line += one_line(first->pointer.empty() ? "/" : first->pointer) + ": ";
  line += first->message;
  if (errors_ > 1)
    line += fmt::format(" (and {} more problem{}: 'spotcheck kb validate' lists them all)",
                        errors_ - 1, errors_ == 2 ? "" : "s");
  return line;
}

}  // namespace spotcheck::detail
