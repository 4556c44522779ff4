#include "ask_reply.h"

#include <algorithm>
#include <cmath>
#include <optional>
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

// The command `word` names, if any.
std::optional<ReplyKind> command(const std::string& word) {
  static constexpr ReplyKind kKinds[] = {ReplyKind::kWhy, ReplyKind::kBack, ReplyKind::kSkip,
                                         ReplyKind::kHelp, ReplyKind::kQuit};
  for (std::size_t i = 0; i < std::size(kAskCommands); ++i)
    if (word == kAskCommands[i]) return kKinds[i];
  return std::nullopt;
}

// What every reply starts with: the text trimmed and kept, and nothing typed or a command
// recognised (then `done`). `word` is the reply in lower case when it is short enough to
// be a command or a short answer (what typo hints compare), else empty.
struct StartedReply {
  Reply reply;
  std::string word;
  bool done = false;
};

StartedReply start_reply(std::string_view line) {
  StartedReply started;
  const std::string_view text = trim(line);
  started.done = text.empty();
  if (started.done) return started;
  started.reply.text = std::string(text);
  started.word = text.size() <= 16 ? lower(text) : std::string();
  if (const auto kind = command(started.word)) {
    started.reply.kind = *kind;
    started.done = true;
  }
  return started;
}

}  // namespace

Reply read_reply(const KnowledgeBase& kb, std::size_t f, std::string_view line) {
  auto [reply, word, done] = start_reply(line);
  if (done) return reply;
  const std::string_view text = reply.text;
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

Reply read_screen_reply(const KnowledgeBase& kb, std::size_t first, std::size_t listed,
                        std::string_view line) {
  auto [reply, word, done] = start_reply(line);
  if (done) return reply;
  const std::string_view text = reply.text;
  reply.kind = ReplyKind::kInvalid;
  const std::string expected = fmt::format(
      "Give the numbers of those that apply (1 to {}, as in '1' or '1 3'), none, or ? if you "
      "do not know.",
      listed);
  // "none", and the grammar's no and don't know; its yes does not say which. (Numbers are
  // places in the list, never the grammar's 1 or 0.)
  double value = 0;
  const bool numbers = text.front() >= '0' && text.front() <= '9';
  if (!numbers &&
      (word == "none" || !parse_answer(kb, first, text, kb.findings()[first].id, value))) {
    if (word != "none" && value == 1) {
      reply.problem = "Which of them? " + expected;
      return reply;
    }
    reply.kind = ReplyKind::kAnswer;
    reply.value = word == "none" ? 0 : value;
    return reply;
  }
  // Numbers: digits separated by spaces, commas or "and".
  const std::string all = lower(text);
  std::size_t i = 0;
  while (i < all.size()) {
    const char c = all[i];
    if (c == ' ' || c == ',' || c == '\t' || c == ';' || c == '&') {
      ++i;
      continue;
    }
    if (all.compare(i, 4, "and ") == 0 && i > 0) {
      i += 4;
      continue;
    }
    if (c == '?') {
      reply.value = std::nan("");
      ++i;
      continue;
    }
    if (c < '0' || c > '9') {
      reply.problem =
          fmt::format("'{}' is not one of the numbers. {}", printable(std::string(text)), expected);
      // A slip for a command or "none": "wyh", "nnoe".
      if (!word.empty()) {
        std::vector<std::string> words(std::begin(kAskCommands), std::end(kAskCommands));
        words.emplace_back("none");
        reply.problem += did_you_mean(word, words);
      }
      reply.picks.clear();
      return reply;
    }
    const std::size_t begin = i;
    while (i < all.size() && all[i] >= '0' && all[i] <= '9') ++i;
    const std::string digits = all.substr(begin, std::min<std::size_t>(i - begin, 8));
    const std::size_t n = i - begin > 6 ? 0 : std::stoul(digits);
    if (n < 1 || n > listed) {
      reply.problem = fmt::format("{} is not in the list. {}", digits, expected);
      reply.picks.clear();
      return reply;
    }
    reply.picks.push_back(n - 1);
  }
  std::sort(reply.picks.begin(), reply.picks.end());
  reply.picks.erase(std::unique(reply.picks.begin(), reply.picks.end()), reply.picks.end());
  reply.kind = ReplyKind::kAnswer;
  return reply;
}

}  // namespace spotcheck::cli
