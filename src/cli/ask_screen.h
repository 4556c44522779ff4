// The words of a screen in `spotcheck ask` (KnowledgeBase::screens(): several yes/no
// questions put as one, "Does any of these apply?"): its prompt, help, what its answers
// would do and how an answer was understood. No I/O; the texts come from the knowledge
// base and the interview's measure.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <spotcheck/interview.h>
#include <spotcheck/knowledge_base.h>

#include "terminal.h"

namespace spotcheck::cli {

/// Question number `number`: "3. Does any of these apply now?", the listed members
/// numbered from 1, and what to type. Ends with a space, ready for the answer.
std::string screen_prompt(const KnowledgeBase& kb, const QuestionValue& screen, std::size_t number,
                          const Style& style);

/// The short hint, shown again when Enter alone is typed.
std::string screen_hint(const QuestionValue& screen);

/// The screen's help text from the knowledge base, how to answer, and the commands.
std::string screen_help(const KnowledgeBase& kb, const QuestionValue& screen);

/// What each answer would do to the advice, one line each (for `why`).
std::vector<std::string> screen_effects(const KnowledgeBase& kb, const QuestionWhy& why);

/// How an answer was read back: yes to which members, no to the rest; none; or not known.
/// `picks` and `value` as read_screen_reply() gives them.
std::string screen_understood(const QuestionValue& screen, const std::vector<std::size_t>& picks,
                              double value);

}  // namespace spotcheck::cli
