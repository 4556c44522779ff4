// Ahead-of-time compilation of one knowledge base's program to C++.
//
// The interpreter (Program::eval_all and the Evaluator's scoring loop) reads every node's
// operator and operands from memory. For the built-in knowledge base, which is known at
// build time, spotcheck_kbc also writes the same work as straight-line C++ with the
// operands as constants, about three times cheaper. Any other knowledge base (--kb) is
// interpreted; program_test and evaluator_test check that both give identical results.
#pragma once

#include <string>

#include <spotcheck/knowledge_base.h>

namespace spotcheck::detail {

/// C++ source defining `const NativeCode& embedded_native_code()` (program.h) for `kb`:
/// node states exactly as Program::eval_all computes them, cause log-odds exactly as the
/// Evaluator sums them (same operands, same order of additions), derived findings as
/// Evaluator::derive chooses them, each triage rule's condition on its own (for the
/// answers the next-question search tries), and every rule's state copied out of the node
/// states.
std::string native_source(const KnowledgeBase& kb);

}  // namespace spotcheck::detail
