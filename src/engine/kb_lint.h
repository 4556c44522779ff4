// The logic checks of `spotcheck kb validate` (docs/kb-format.md "Validating a knowledge
// base"): mistakes that loading lets through because the knowledge base still works, but
// that make part of it dead or unsafe to rely on. They reason about the compiled rules,
// so they run only on a knowledge base that loaded without errors.
#pragma once

#include <nlohmann/json.hpp>

#include <spotcheck/knowledge_base.h>

#include "kb_error_reporter.h"

namespace spotcheck::detail {

/// At most this many combinations of answers are tried to decide whether a condition can
/// ever hold; a condition reading more answers than that is given the benefit of the doubt.
inline constexpr std::size_t kMaxLintTrials = 4096;

/// Reports, as warnings into `out`, in the knowledge base `kb` read from `doc`: rules that
/// can never fire; rules that never decide the level (another fires whenever they do, at
/// the same or a more urgent level); causes no evidence can raise; must-not-miss causes
/// (`must_not_miss`) that no rule points to, or no such list; findings nothing reads;
/// triage levels no rule gives.
void lint_knowledge_base(const KnowledgeBase& kb, const nlohmann::json& doc, KbErrorReporter& out);

}  // namespace spotcheck::detail
