// The result as text for a person: the level first with its advice, plainly; why; what
// kind of spot it is, in words; the possible causes with the evidence from what was
// answered; what was understood; what to answer next; and the disclaimer. The words come
// from the presentation module (presentation.h); this file only lays them out.
#pragma once

#include <cstddef>
#include <string>

#include <spotcheck/case.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>
#include <spotcheck/presentation.h>

#include "terminal.h"

namespace spotcheck::cli {

struct TextOptions {
  /// Also the ids (rules, causes, HPO, ICD-10 codes) and each cause's ranking weight, with
  /// what the weight means: for people checking the result, not for acting on it.
  bool verbose = false;
  /// Columns to wrap to (output_width()); 0 leaves lines as they are.
  std::size_t width = 80;
};

std::string render_text(const Presentation& p, const Case& c, const Result& r, const Style& style,
                        const TextOptions& options = {});
/// The same with a Presentation built for the call.
std::string render_text(const KnowledgeBase& kb, const Case& c, const Result& r, const Style& style,
                        const TextOptions& options = {});

}  // namespace spotcheck::cli
