#include "explain_match.h"

#include <utility>

namespace spotcheck::cli {
namespace {

// Each id of the knowledge base with its kind, and each other name things go by, in the
// order matches are reported.
struct Word {
  std::string spelled;  ///< as the knowledge base spells it
  ExplainMatch match;
  bool is_id;
};

std::vector<Word> all_words(const KnowledgeBase& kb) {
  std::vector<Word> words;
  const auto add = [&](const std::string& s, ExplainKind kind, std::size_t i, bool is_id) {
    if (!s.empty()) words.push_back({s, {kind, i}, is_id});
  };
  for (std::size_t i = 0; i < kb.causes().size(); ++i) {
    const Cause& c = kb.causes()[i];
    add(c.id, ExplainKind::kCause, i, true);
    add(c.name, ExplainKind::kCause, i, false);
    add(c.clinical_name, ExplainKind::kCause, i, false);
    for (const Code& code : c.codes) add(code.code, ExplainKind::kCause, i, false);
  }
  for (std::size_t i = 0; i < kb.findings().size(); ++i)
    add(kb.findings()[i].id, ExplainKind::kFinding, i, true);
  for (std::size_t i = 0; i < kb.lesion_types().size(); ++i) {
    const LesionType& t = kb.lesion_types()[i];
    add(t.id, ExplainKind::kLesion, i, true);
    add(t.name, ExplainKind::kLesion, i, false);
    add(t.hpo, ExplainKind::kLesion, i, false);
  }
  for (std::size_t i = 0; i < kb.triage_rules().size(); ++i)
    add(kb.triage_rules()[i].id, ExplainKind::kRule, i, true);
  for (std::size_t i = 0; i < kb.sources().size(); ++i)
    add(kb.sources()[i].id, ExplainKind::kSource, i, true);
  for (std::size_t i = 0; i < kb.categories().size(); ++i) {
    add(kb.categories()[i].id, ExplainKind::kCategory, i, true);
    add(kb.categories()[i].name, ExplainKind::kCategory, i, false);
  }
  for (std::size_t i = 0; i < kb.triage_levels().size(); ++i) {
    add(kb.triage_levels()[i].id, ExplainKind::kLevel, i, true);
    add(kb.triage_levels()[i].label, ExplainKind::kLevel, i, false);
  }
  return words;
}

}  // namespace

const char* explain_kind_name(ExplainKind kind) {
  static constexpr const char* kNames[] = {"cause",  "finding",  "lesion type", "rule",
                                           "source", "category", "triage level"};
  return kNames[static_cast<int>(kind)];
}

std::string normalized_word(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c == '-' || c == ' ') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<ExplainMatch> find_explained(const KnowledgeBase& kb, std::string_view word) {
  const std::string wanted = normalized_word(word);
  std::vector<ExplainMatch> ids, names;
  for (const Word& w : all_words(kb)) {
    if (normalized_word(w.spelled) != wanted) continue;
    auto& list = w.is_id ? ids : names;
    bool seen = false;  // a cause whose name and clinical name are the same, say
    for (const ExplainMatch& m : list) seen |= m.kind == w.match.kind && m.index == w.match.index;
    if (!seen) list.push_back(w.match);
  }
  return ids.empty() ? names : ids;
}

std::optional<std::string> explain_hint(const KnowledgeBase& kb, std::string_view word) {
  // Not for a megabyte of text: the edit distance is a table of both lengths.
  if (word.size() > 256) return std::nullopt;
  std::vector<Word> words = all_words(kb);
  std::vector<std::string> candidates;
  for (const Word& w : words) candidates.push_back(normalized_word(w.spelled));
  const auto hint = closest_match(normalized_word(word), candidates);
  if (!hint) return std::nullopt;
  for (std::size_t i = 0; i < words.size(); ++i)
    if (candidates[i] == *hint) return words[i].spelled;
  return hint;
}

}  // namespace spotcheck::cli
