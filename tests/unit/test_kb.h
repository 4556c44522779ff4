// A small, valid knowledge base for engine tests, built as JSON so that each test can
// change one thing and see what the loader or evaluator makes of it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <spotcheck/case.h>
#include <spotcheck/embedded_kb.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck::test {

using nlohmann::json;

/// The built-in knowledge base, loaded once for the whole test run.
inline const KnowledgeBase& embedded_kb() {
  static const auto embedded = KnowledgeBase::embedded();
  return *embedded;
}

/// Findings a, b (bool), n (number 0-100), c (choice x/y/z); derived d (true when a);
/// threshold t10 = 10; a named condition "named" = b; two rules and a fallback; two causes.
inline json minimal_kb() {
  return json::parse(R"({
    "kb_format": 1, "name": "test-kb", "version": "0.0.1", "disclaimer": "Test only.",
    "triage_levels": [
      {"id": "emergency", "label": "EMERGENCY", "advice": "now"},
      {"id": "urgent", "label": "URGENT", "advice": "today"},
      {"id": "routine", "label": "ROUTINE", "advice": "soon"},
      {"id": "self_care", "label": "SELF-CARE", "advice": "home"}],
    "prevalence": {"common": -2.0, "rare": -4.0},
    "thresholds": {"t10": {"value": 10, "text": "ten", "source": "s1"}},
    "sources": [{"id": "s1", "title": "Source one"}, {"id": "s2", "title": "Source two"}],
    "findings": [
      {"id": "a", "type": "bool", "question": "A?"},
      {"id": "b", "type": "bool", "question": "B?", "red_flag": {"floor": "urgent", "text": "b sets a floor", "sources": ["s2"]}},
      {"id": "n", "type": "number", "min": 0, "max": 100, "unit": "years", "question": "N?"},
      {"id": "c", "type": "choice", "choices": ["x", "y", "z"], "question": "C?"}],
    "derived": [
      {"id": "d", "type": "bool", "question": "D?",
       "cases": [{"when": {"is": "a"}, "value": true, "basis": "from_a", "text": "a is {a}"}],
       "otherwise": {"basis": "none", "text": "unknown"}}],
    "lesion_types": [],
    "categories": [{"id": "cat1", "name": "One"}, {"id": "cat2", "name": "Two"}],
    "conditions": {"named": {"is": "b"}},
    "triage_rules": [
      {"id": "both", "level": "emergency", "when": {"all": [{"is": "a"}, {"ref": "named"}]}, "text": "a and b", "sources": ["s1"]},
      {"id": "only_a", "level": "urgent", "when": {"is": "a"}, "text": "a", "sources": ["s1#part 2"]},
      {"id": "calm", "level": "self_care", "when": {"not": {"is": "a"}}, "text": "not a", "sources": ["s2"]},
      {"id": "fallback", "level": "routine", "fallback": true, "text": "nothing else", "sources": ["s2"]}],
    "causes": [
      {"id": "c1", "name": "Cause one", "category": "cat1", "description": "first", "prevalence": "common",
       "sources": ["s1"], "evidence": [{"when": {"is": "a"}, "weight": 2.0, "weight_if_false": -1.0, "text": "a helps", "source": "s1"}]},
      {"id": "c2", "name": "Cause two", "category": "cat2", "description": "second", "prevalence": "common",
       "sources": ["s2"], "evidence": [{"when": {"is": "b"}, "weight": 2.0, "text": "b helps"}]}]
  })");
}

inline std::shared_ptr<const KnowledgeBase> load(const json& kb) {
  return KnowledgeBase::load(kb.dump(2), "test.json");
}

/// The minimal KB with one extra emergency rule per condition, named "rule0", "rule1"...
inline std::shared_ptr<const KnowledgeBase> kb_with_conditions(
    const std::vector<json>& conditions) {
  json kb = minimal_kb();
  auto& rules = kb["triage_rules"];
  for (std::size_t i = 0; i < conditions.size(); ++i)
    rules.insert(rules.begin() + static_cast<std::ptrdiff_t>(i),
                 json{{"id", "rule" + std::to_string(i)},
                      {"level", "emergency"},
                      {"when", conditions[i]},
                      {"text", "t"},
                      {"sources", {"s1"}}});
  return load(kb);
}

}  // namespace spotcheck::test
