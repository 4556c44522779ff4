// The result as text for a person: triage first and plainly, then why, the lesion type,
// the possible causes with their evidence, what to answer next, and the disclaimer.
#pragma once

#include <string>

#include <spotcheck/case.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>

#include "terminal.h"

namespace spotcheck::cli {

std::string render_text(const KnowledgeBase& kb, const Case& c, const Result& r,
                        const Style& style);

/// A source reference ("nice_ng12" or "article#Medical Treatments") as a readable title.
std::string source_title(const KnowledgeBase& kb, const std::string& ref);

/// The flag(s) that answer finding `f`: "--fever/--no-fever", "--age YEARS".
std::string flag_for(const Finding& f);

/// Answer `v` to finding `f` in words: "yes", "4 years", "purpura: purple spots or patches
/// from 2 mm to 1 cm" (a choice with its help text).
std::string answer_words(const Finding& f, double v);

}  // namespace spotcheck::cli
