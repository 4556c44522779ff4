// The examples at the foot of --help, from the knowledge base in use: its findings'
// flags, its levels and causes, so that every example works with that knowledge base.
#pragma once

#include <string>

#include <spotcheck/knowledge_base.h>

namespace spotcheck::cli {

/// "Examples:" with the command lines, each ending in a newline. Examples that answer
/// findings come from the knowledge base's `wording.examples`; without them only the
/// commands that name none are shown.
std::string help_examples(const KnowledgeBase& kb);

/// What follows the examples, the same for every knowledge base: unknown is not no, the
/// exit codes, the disclaimer. No newline at the end.
const char* help_closing();

}  // namespace spotcheck::cli
