// The flags generated from the knowledge base's findings (--fever, --no-fever, --age 7,
// --lesion purpura, --fever=unknown), read with the one answer grammar (answer.h). They are
// taken out of the arguments before CLI11 sees the rest: registering thousands of options
// with CLI11 takes quadratic time, and its flag parser turned "--fever=maybe" into an
// internal error.
#pragma once

#include <string>
#include <vector>

#include <spotcheck/knowledge_base.h>

#include "commands.h"

namespace spotcheck::cli {

/// Removes the finding flags from `args` (the arguments after the subcommand, in order) and
/// returns their answers in order; NaN means "unknown" (it clears an answer from a case
/// file). `reserved` are the subcommand's own long option names without dashes ("json");
/// a finding whose flag would take one is a knowledge-base error. Throws Error: 64 for a
/// bad value, a missing value, --no-x with a value, or x given two different ways; 65 for a
/// knowledge base whose flags collide with spotcheck's own.
std::vector<Answer> take_finding_flags(const KnowledgeBase& kb, std::vector<std::string>& args,
                                       const std::vector<std::string>& reserved);

/// Every finding flag by group, with its question and what it takes, for --help.
std::string finding_flags_help(const KnowledgeBase& kb);

/// The long names of the finding flags ("--fever", "--no-fever", "--age"), for hints.
std::vector<std::string> finding_flag_names(const KnowledgeBase& kb);

}  // namespace spotcheck::cli
