// The words of `spotcheck ask`: how a question, its help and its "why" are shown. No I/O;
// every text comes from the knowledge base or from the interview's measure.
#pragma once

#include <cstddef>
#include <string>

#include <spotcheck/interview.h>
#include <spotcheck/knowledge_base.h>

#include "terminal.h"

namespace spotcheck::cli {

/// What the person may type, short: "[y/n/?]", "[1-6 or a name, ?]", "[years (or months,
/// weeks, days); ?]".
std::string answer_hint(const KnowledgeBase& kb, std::size_t f);

/// Question number `number`: "3. Is there a fever ...? [y/n/?] ", with a choice's numbered
/// list between the question and the hint. Ends with a space, ready for the answer.
std::string question_prompt(const KnowledgeBase& kb, std::size_t f, std::size_t number,
                            const Style& style);

/// The finding's help text, its choices or range, and the commands.
std::string help_text(const KnowledgeBase& kb, std::size_t f);

/// What the question bears on: what its answers would do to the advice, the warning signs
/// (rules) it reads and the leading causes it helps tell apart. `asked` is the question as
/// next() chose it (its `decides_for` says which question it comes before, and why).
std::string why_text(const KnowledgeBase& kb, const QuestionWhy& why, const QuestionValue& asked);

/// How a number answer given with a unit was understood ("= 0.5 years"), else "".
std::string understood_text(const KnowledgeBase& kb, std::size_t f, double value,
                            const std::string& typed);

/// The first lines: what is about to happen, how to answer, and the disclaimer.
std::string intro_text(const KnowledgeBase& kb);

}  // namespace spotcheck::cli
