// The `spotcheck query ...` command line that gives the same result as a case: what `ask`
// prints at the end, so that an interview can be repeated, shared or scripted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <spotcheck/case.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck::cli {

/// `text` as one word for a POSIX shell: unchanged when it is safe, else in single quotes.
std::string shell_quoted(std::string_view text);

/// "spotcheck query --age 4 --fever --no-unwell --lesion petechiae": every known answer of
/// `c` as its flag, in knowledge-base order. `typed` (by finding, may be shorter or hold
/// empty strings) is how a number was typed ("6m"): used instead of the number, since the
/// flag reads it with the same grammar to the same value, and reads better than 0.4999...
/// `kb_path` is given as --kb when not empty.
std::string query_command_line(const KnowledgeBase& kb, const Case& c,
                               const std::vector<std::string>& typed,
                               const std::string& kb_path = {});

/// The flags alone, each after a space: " --age 4 --fever" (as above, for --help's examples).
std::string answer_flags(const KnowledgeBase& kb, const Case& c,
                         const std::vector<std::string>& typed = {});

}  // namespace spotcheck::cli
