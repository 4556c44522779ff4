#include "ask_reply.h"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <spotcheck/answer.h>

#include "printable.h"

namespace spotcheck::cli {
namespace {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

Reply read_reply(const KnowledgeBase& kb, std::size_t f, std::string_view line) {
  Reply reply;
  const std::string_view text = trim(line);
  if (text.empty()) return reply;
  reply.text = std::string(text);
  const std::string word = text.size() <= 16 ? lower(text) : std::string();
  static constexpr ReplyKind kKinds[] = {ReplyKind::kWhy, ReplyKind::kBack, ReplyKind::kSkip,
                                         ReplyKind::kHelp, ReplyKind::kQuit};
  for (std::size_t i = 0; i < std::size(kAskCommands); ++i) {
    if (word == kAskCommands[i]) {
      reply.kind = kKinds[i];
      return reply;
    }
  }
  double value = 0;
  const auto problem = parse_answer(kb, f, text, kb.findings()[f].id, value);
  if (!problem) {
    reply.kind = ReplyKind::kAnswer;
    reply.value = value;
    return reply;
  }
  // A slip of the fingers: "yse" for yes, "wyh" for why. parse_answer already suggests
  // choices; for the rest, the closest of the short answers and the commands.
  reply.kind = ReplyKind::kInvalid;
  reply.problem = printable(problem->message);
  if (problem->message.find("did you mean") == std::string::npos && !word.empty()) {
    std::vector<std::string> words(std::begin(kAskCommands), std::end(kAskCommands));
    if (kb.findings()[f].type == FindingType::kBool) words.insert(words.end(), {"yes", "no"});
    reply.problem += did_you_mean(word, words);
  }
  return reply;
}

}  // namespace spotcheck::cli
