// Each finding's `ask_when` (docs/kb-format.md): the condition under which its question
// fits the person. Which questions suit which age is knowledge, so it lives in the
// knowledge base and is compiled and checked like any other condition; the interview
// (interview.h) then leaves out the questions that do not fit: no heavy periods for a baby.
#include "kb_loader.h"

namespace spotcheck {

void KbLoader::compile_ask_when() {
  detail::Program& program = *kb_->program_;
  const json& inputs = doc_["findings"];
  program.ask_when_root.assign(kb_->input_count_, detail::kNoNode);
  for (std::size_t f = 0; f < kb_->input_count_; ++f) {
    if (finding_broken_[f] || !inputs[f].contains("ask_when")) continue;
    part([&] { compile_ask_when(f); });
  }
}

void KbLoader::compile_ask_when(std::size_t f) {
  detail::Program& program = *kb_->program_;
  const json& inputs = doc_["findings"];
  const Ptr at = Ptr("/findings") / f / "ask_when";
  const json& when = inputs[f]["ask_when"];
  std::vector<std::uint32_t> deps;
  program.ask_when_root[f] = compiler().compile(when, at, deps);
  // Whether a question fits cannot wait for its own answer: it would never be decided
  // before the question is asked.
  const std::vector<std::uint32_t> read = expand_inputs(deps);
  if (std::find(read.begin(), read.end(), f) != read.end())
    errors_.fail_ref(at, fmt::format("the ask_when of '{}' reads '{}' itself: whether a question "
                                     "fits must follow from other answers",
                                     kb_->findings_[f].id, kb_->findings_[f].id));
  kb_->findings_[f].ask_when = compiler().describe(when);
}

}  // namespace spotcheck
