// `query --what-if FINDING=VALUE`: the values read, and the comparison (what_if.h) written
// after the real result, as text or as the result's `what_if` object. Always labelled as
// hypothetical; the result for the answers given is written first and unchanged.
#pragma once

#include <string>
#include <vector>

#include <spotcheck/case.h>
#include <spotcheck/knowledge_base.h>
#include <spotcheck/what_if.h>

#include "terminal.h"

namespace spotcheck::cli {

/// The --what-if values, read with the answer grammar. Throws Error 64 naming the value
/// ("--what-if 'fevr=yes': unknown finding 'fevr' (did you mean 'fever'?)"), also when two
/// of them give one finding different answers.
std::vector<AnswerChange> parse_what_ifs(const KnowledgeBase& kb,
                                         const std::vector<std::string>& texts);

/// The what-if as text, to follow the result's text: what the changed answers would do to
/// the triage, possible_level, lesion type, the top causes and the rules; it ends with the
/// disclaimer like every text result.
std::string render_what_if_text(const KnowledgeBase& kb, const WhatIf& w, const Style& style);

/// Adds `"what_if": {...}` (docs/contract.md, "What-if") to `result_json`, one result
/// object as ResultWriter writes it (no newline).
void append_what_if_json(const KnowledgeBase& kb, const WhatIf& w, std::string& result_json);

}  // namespace spotcheck::cli
