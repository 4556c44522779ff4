// What `spotcheck explain WORD` refers to: any id of the knowledge base (a cause, finding,
// lesion type, rule, source, category or triage level), or failing that a name (a cause's
// name or clinical name, a lesion type's, a category's), a Human Phenotype Ontology id or
// an ICD-10 code. Compared in any letter case, with '-' or ' ' for '_'. No I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <spotcheck/knowledge_base.h>

namespace spotcheck::cli {

enum class ExplainKind { kCause, kFinding, kLesion, kRule, kSource, kCategory, kLevel };

/// The kind in words: "cause", "lesion type", "triage level".
const char* explain_kind_name(ExplainKind kind);

struct ExplainMatch {
  ExplainKind kind;
  std::size_t index;  ///< into the knowledge base's list of that kind
};

/// `word` in the form ids are compared in: lower case, '-' and ' ' as '_'.
std::string normalized_word(std::string_view word);

/// Everything `word` names: ids first (one id may name a cause and a rule: each is
/// returned, causes first); only when no id matches, names, HPO ids and ICD-10 codes.
std::vector<ExplainMatch> find_explained(const KnowledgeBase& kb, std::string_view word);

/// The id or name closest to `word` when it matches nothing (a typo), as it is spelled in
/// the knowledge base.
std::optional<std::string> explain_hint(const KnowledgeBase& kb, std::string_view word);

}  // namespace spotcheck::cli
