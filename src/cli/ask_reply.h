// One line typed at a `spotcheck ask` prompt: a command (why, back, skip, help, quit) or an
// answer read with the one answer grammar (answer.h). No I/O, so every spelling is tested.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
  /// A screen's answer: the places (0-based, ascending, no repeats) of the members that
  /// apply; `value` 0 when the others are a no ("none" when there are no picks), NaN when
  /// they are not known ("?" alone, or numbers with "?": "1 ?").
  std::vector<std::size_t> picks;
};

/// The commands, as typed.
inline constexpr std::string_view kAskCommands[] = {"why", "back", "skip", "help", "quit"};

/// Reads `line` (a trailing CR, as from a Windows file, and surrounding white space are
/// ignored; letter case never matters) as a reply to the question about input finding `f`.
/// A command wins over an answer of the same spelling.
Reply read_reply(const KnowledgeBase& kb, std::size_t f, std::string_view line);

/// Reads `line` as a reply to a screen listing `listed` members, the first of which is
/// input finding `first` (a yes/no finding): a command; the numbers of the members that
/// apply, 1 to `listed`, separated by spaces, commas or "and" ("1 3", "1,3"), with `?`
/// among them when the others are not known ("1 ?"); `none`, or a no of the answer
/// grammar, for none of them; a "don't know" of the grammar (`?`).
/// A yes, a number outside the list or anything else is kInvalid, saying what to type.
Reply read_screen_reply(const KnowledgeBase& kb, std::size_t first, std::size_t listed,
                        std::string_view line);

}  // namespace spotcheck::cli
