// One line typed at a `spotcheck ask` prompt: a command (why, back, skip, help, quit) or an
// answer read with the one answer grammar (answer.h). No I/O, so every spelling is tested.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <spotcheck/knowledge_base.h>

namespace spotcheck::cli {

enum class ReplyKind : std::uint8_t {
  kAnswer,   ///< an answer to the question: `value` (NaN for "don't know")
  kWhy,      ///< what the question bears on
  kBack,     ///< take back the last answer
  kSkip,     ///< ask it again at the end
  kHelp,     ///< the question's help text
  kQuit,     ///< stop and show the result so far
  kBlank,    ///< nothing typed: not an answer (an accidental Enter must not mean "don't know")
  kInvalid,  ///< neither: `problem` says why, and the question is asked again
};

struct Reply {
  ReplyKind kind = ReplyKind::kBlank;
  double value = 0;
  std::string text;     ///< the answer as typed, trimmed
  std::string problem;  ///< kInvalid: one line, with a suggestion where one is likely
};

/// The commands, as typed.
inline constexpr std::string_view kAskCommands[] = {"why", "back", "skip", "help", "quit"};

/// Reads `line` (a trailing CR, as from a Windows file, and surrounding white space are
/// ignored; letter case never matters) as a reply to the question about input finding `f`.
/// A command wins over an answer of the same spelling.
Reply read_reply(const KnowledgeBase& kb, std::size_t f, std::string_view line);

}  // namespace spotcheck::cli
