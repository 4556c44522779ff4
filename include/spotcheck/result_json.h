// Writes results as JSON (docs/contract.md section 6), fast enough for batch use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spotcheck/case.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>
#include <spotcheck/output_buffer.h>
#include <spotcheck/presentation.h>  // fill_placeholders, the field names

namespace spotcheck {

/// The top-level fields of a result object, as bits, so that batch runs can write less.
enum ResultField : std::uint32_t {
  kFieldSchemaVersion = 1u << 0,
  kFieldId = 1u << 1,
  kFieldLesion = 1u << 2,
  kFieldTriage = 1u << 3,
  kFieldCauses = 1u << 4,
  kFieldNextQuestions = 1u << 5,
  kFieldKb = 1u << 6,
  kFieldAnswers = 1u << 7,         ///< the answers as understood (docs/contract.md section 6)
  kFieldContradictions = 1u << 8,  ///< answers that cannot all be true, with what to do
  kFieldAll = (1u << 9) - 1,
  /// What batch writes unless --fields says otherwise: `answers` only when asked for.
  kFieldBatchDefault = kFieldAll & ~kFieldAnswers,
};

/// The field names, comma-separated, for messages: "schema_version, id, ...".
std::string result_field_names();

/// Parses a comma-separated list of field names ("id,triage,causes"); returns nothing
/// and sets `bad` to the first unknown name on error.
std::optional<std::uint32_t> parse_result_fields(std::string_view list, std::string& bad);

/// Writes results of one knowledge base as JSON. Construction pre-renders every fixed
/// fragment (names, texts, sources) once, so that writing a result only copies them.
/// Thread-safe for concurrent writes once constructed.
class ResultWriter {
 public:
  explicit ResultWriter(const KnowledgeBase& kb);
  ~ResultWriter();

  /// Appends one result as a single-line JSON object (no newline) to `out`, with the
  /// top-level fields chosen by `fields` (ResultField bits).
  void append(const Case& c, const Result& r, std::uint32_t fields, std::string& out) const;
  /// The same into an OutputBuffer, written in place: the fast path for batch runs.
  void append(const Case& c, const Result& r, std::uint32_t fields, OutputBuffer& out) const;
  /// Appends `c` as a case object (docs/contract.md section 5), without `id`: the result's
  /// `answers`, written by the same code, so that it reads back as the same case.
  void append_case(const Case& c, std::string& out) const;

 private:
  struct Fragments;
  const KnowledgeBase& kb_;
  std::unique_ptr<Fragments> f_;
};

/// `text` with each {finding_id} replaced by that finding's answer in `c` (as given: a
/// number, a choice, yes/no), for the texts of the knowledge base.
std::string fill_placeholders(std::string_view text, const KnowledgeBase& kb, const Case& c);

/// `base` with the work that `fields` would not show turned off: no next questions
/// unless next_questions is written, no cause ranking unless causes or next_questions is.
EvaluationOptions options_for_fields(std::uint32_t fields, EvaluationOptions base);

/// Appends a batch error record (docs/contract.md section 6) for input line `line`.
void append_error_json(std::string_view id_json, std::size_t line, const CaseError& e,
                       std::string& out);

/// Appends `s` as a JSON string literal. Invalid UTF-8 is replaced by U+FFFD, so the
/// output is always valid UTF-8 JSON.
void append_json_string(std::string_view s, std::string& out);

}  // namespace spotcheck
