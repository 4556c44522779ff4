// Collects a knowledge base's problems as located diagnostics (kb_diagnostics.h): turns a
// JSON pointer or byte offset into "ORIGIN:LINE:COL", and keeps what is needed to recover
// per item without cascading (which ids failed to load, which sections are unusable).
#pragma once

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <spotcheck/kb_diagnostics.h>

namespace spotcheck::detail {

/// `text` as one line: control characters (DEL included) written as \n, \t, \r or \xNN.
/// Keys and values quoted from the file may hold them; a diagnostic must stay on its line.
std::string one_line(std::string_view text);

/// Thrown by the fail functions once the problem is recorded: the loader catches it at
/// the item (a finding, a rule, a cause...) or section being read, which is then skipped.
struct ItemAbandoned {};
/// Thrown when no more can be read (a syntax error, too many problems).
struct LoadStopped {};

/// The kinds of item that other parts refer to by id or name.
enum class RefKind : std::uint8_t {
  kFinding,
  kLevel,
  kSource,
  kCategory,
  kCause,
  kThreshold,
  kPrevalence,
  kCondition,
  kRule,
  kCount
};

class KbErrorReporter {
 public:
  using Ptr = nlohmann::json::json_pointer;

  KbErrorReporter(std::string origin, std::string_view text)
      : origin_(std::move(origin)), text_(text) {}

  /// Records an error in the shape of the value at `where`, and abandons the item.
  [[noreturn]] void fail(const Ptr& where, const std::string& message);
  /// Records an error in a reference between parts, and abandons the item.
  [[noreturn]] void fail_ref(const Ptr& where, const std::string& message);
  /// Records a syntax error at byte `offset`; nothing more can be read.
  [[noreturn]] void fail_at(std::size_t offset, const std::string& message);
  /// Records a problem and carries on.
  void report(const Ptr& where, KbSeverity severity, KbCheckKind kind, const std::string& message);
  void report_at(std::size_t offset, KbSeverity severity, KbCheckKind kind,
                 const std::string& message);
  /// Records a problem whose place and pointer are both known (json_shape's).
  void report_located(std::size_t offset, std::string pointer, KbSeverity severity,
                      KbCheckKind kind, const std::string& message);

  /// A reference to `id` of `kind` that does not resolve: an error, unless the item it
  /// names failed to load or its whole section did (that was reported already, and a
  /// second error would only confuse). Abandons the item either way.
  [[noreturn]] void unknown(RefKind kind, const std::string& id, const Ptr& where,
                            const std::string& message);
  /// Abandons the item without a diagnostic (it depends on something that failed).
  [[noreturn]] void abandon() const { throw ItemAbandoned{}; }

  void mark_broken(RefKind kind, const std::string& id) { broken_[index(kind)].insert(id); }
  void mark_section_broken(RefKind kind) { section_broken_[index(kind)] = true; }
  bool is_broken(RefKind kind, const std::string& id) const {
    return section_broken_[index(kind)] || broken_[index(kind)].count(id) != 0;
  }

  std::size_t errors() const { return errors_; }
  /// The diagnostics, located and in file order.
  std::vector<KbDiagnostic> take();
  /// The first error as the one-line KbError message "ORIGIN:LINE:COL: POINTER: message",
  /// with "(and N more problems ...)" when there are more errors.
  std::string first_error_line() const;
  const std::string& origin() const { return origin_; }

 private:
  static std::size_t index(RefKind k) { return static_cast<std::size_t>(k); }
  void add(KbDiagnostic d);

  std::string origin_;
  std::string_view text_;
  std::vector<KbDiagnostic> diagnostics_;
  std::size_t errors_ = 0;
  std::array<std::set<std::string>, static_cast<std::size_t>(RefKind::kCount)> broken_;
  std::array<bool, static_cast<std::size_t>(RefKind::kCount)> section_broken_{};
};

}  // namespace spotcheck::detail
