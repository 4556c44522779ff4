// One person's answers: the evidence the engine evaluates.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <spotcheck/knowledge_base.h>

namespace spotcheck {

/// The state of every finding of one knowledge base, by finding index. Each value is
/// encoded as a double: unknown is NaN; a bool is 1 (present) or 0 (absent); a number is
/// itself; a choice is the index of the choice. Values are not checked here: use
/// read_case() or KnowledgeBase::check_number() on input.
class Case {
 public:
  explicit Case(const KnowledgeBase& kb)
      : values_(kb.findings().size(), std::numeric_limits<double>::quiet_NaN()) {}

  bool known(std::size_t f) const { return !std::isnan(values_[f]); }
  double value(std::size_t f) const { return values_[f]; }
  void set(std::size_t f, double v) { values_[f] = v; }
  void set_bool(std::size_t f, bool present) { values_[f] = present ? 1.0 : 0.0; }
  void clear(std::size_t f) { values_[f] = std::numeric_limits<double>::quiet_NaN(); }
  void clear_all();
  std::size_t size() const { return values_.size(); }
  const double* data() const { return values_.data(); }

  /// The case's `id` exactly as it appeared in the input JSON (a string with its quotes,
  /// or a number), or empty when it had none. Echoed into the result.
  std::string id_json;

 private:
  std::vector<double> values_;
};

/// Why a case could not be read. `code` is one of: invalid_json, not_an_object,
/// unknown_finding, derived_finding, duplicate_key, wrong_type, out_of_range,
/// unknown_choice, invalid_id.
struct CaseError {
  std::string code;
  std::string message;  ///< one line, e.g. "unknown finding 'fevr' (did you mean 'fever'?)"
  std::string field;    ///< the key concerned, if any
  std::size_t line = 0, column = 0;  ///< 1-based position in the text, 0 if not known
};

/// Reads one case (docs/contract.md section 5: an object of finding ids, `null` for unknown,
/// plus an optional `id`) into `out`, which is cleared first. Returns the first problem,
/// or nothing on success. Strict: unknown keys, wrong types, out-of-range numbers and
/// unknown choices are errors. Accepts invalid UTF-8 only inside the id string.
std::optional<CaseError> read_case(const KnowledgeBase& kb, std::string_view json, Case& out);

}  // namespace spotcheck
