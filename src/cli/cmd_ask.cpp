// spotcheck ask: the adaptive interview (interview.h), typed on a terminal or piped in one
// answer per line. The conversation (questions, prompts, why, help) goes to stderr and the
// result to stdout, written exactly as `query` writes it for the same answers, so that
// `spotcheck ask --json > result.json` works on a terminal and a saved case replays.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <spotcheck/error.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/interview.h>
#include <spotcheck/result_json.h>

#include "ask_reply.h"
#include "ask_screen.h"
#include "ask_text.h"
#include "commands.h"
#include "line_input.h"
#include "output.h"
#include "output_file.h"
#include "printable.h"
#include "query_line.h"
#include "report_html.h"
#include "terminal.h"
#include "text_render.h"

namespace spotcheck::cli {
namespace {

// Longer replies are refused: no answer or command comes near it.
constexpr std::size_t kMaxReplyBytes = 1024;

// What ended the exchange about one question.
enum class Step { kNext, kQuit, kEndOfInput };

class Conversation {
 public:
  Conversation(const KnowledgeBase& kb, Interview& interview, const Style& style)
      : kb_(kb),
        interview_(interview),
        style_(style),
        typing_(is_terminal(stdin)),
        typed_(kb.input_finding_count()) {}

  static void say(const std::string& text) {
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  }

  // Asks the question (about finding `f`, or a screen) until a reply moves the interview on.
  Step ask(const QuestionValue& question) {
    const std::size_t f = question.finding;
    const bool screen = question.screen != QuestionValue::kNoScreen;
    const std::string prompt = screen ? screen_prompt(kb_, question, interview_.asked() + 1, style_)
                                      : question_prompt(kb_, f, interview_.asked() + 1, style_);
    say(prompt);
    for (;;) {
      const auto line = read_line(stdin, kMaxReplyBytes);
      if (!line) {
        say("\n");
        return Step::kEndOfInput;
      }
      const Reply reply = screen ? read_screen_reply(kb_, f, question.members.size(), line->text)
                                 : read_reply(kb_, f, line->text);
      if (reply.kind == ReplyKind::kBlank && !line->too_long) {
        // Piped: blank lines are not replies. Typed: Enter alone shows what to type.
        if (typing_) say((screen ? screen_hint(question) : answer_hint(kb_, f)) + " ");
        continue;
      }
      // Piped replies are echoed after their prompt, so that stderr reads as a transcript.
      if (!typing_)
        say(printable(line->text.size() > 80 ? line->text.substr(0, 80) + "..." : line->text) +
            "\n");
      if (line->too_long) {
        say(fmt::format("  That is too long to be an answer.\n{}", prompt));
        continue;
      }
      switch (reply.kind) {
        case ReplyKind::kAnswer: {
          if (screen) {
            if (reply.picks.empty() && std::isnan(reply.value))
              interview_.pass_screen(question);
            else
              interview_.answer_screen(question, reply.picks, std::isnan(reply.value));
            say(fmt::format("  {}\n", screen_understood(question, reply.picks, reply.value)));
            return Step::kNext;
          }
          interview_.answer(f, reply.value);
          typed_[f] = reply.text;
          const std::string understood = understood_text(kb_, f, reply.value, reply.text);
          if (!understood.empty()) say(fmt::format("  {}\n", understood));
          return Step::kNext;
        }
        case ReplyKind::kSkip:
          interview_.skip(question);
          say(screen ? "  Skipped: each of them is asked on its own at the end, if it still "
                       "matters.\n"
                     : "  Skipped: it is asked again at the end if it still matters.\n");
          return Step::kNext;
        case ReplyKind::kBack:
          if (interview_.back()) {
            say("  Back to the previous question.\n");
            return Step::kNext;
          }
          say(fmt::format("  There is no earlier answer to change.\n{}", prompt));
          continue;
        case ReplyKind::kQuit:
          return Step::kQuit;
        case ReplyKind::kHelp:
          say((screen ? screen_help(kb_, question) : help_text(kb_, f)) + prompt);
          continue;
        case ReplyKind::kWhy:
          say(why_text(kb_, interview_.why(question), question) + prompt);
          continue;
        case ReplyKind::kInvalid:
        case ReplyKind::kBlank:
          say(fmt::format("  {}\n  (Type help for how to answer, or ? if you do not know.)\n{}",
                          reply.problem, prompt));
          continue;
      }
    }
  }

  const std::vector<std::string>& typed() const { return typed_; }

 private:
  const KnowledgeBase& kb_;
  Interview& interview_;
  const Style& style_;
  bool typing_;
  std::vector<std::string> typed_;  // by finding: a number as it was typed ("6m")
};

std::string closing_line(const KnowledgeBase& kb, const Result& result, InterviewState state,
                         Step last, std::size_t asked) {
  // At an emergency the advice comes first, whatever ended the questions.
  if (result.triage_level == 0) {
    const TriageLevel& level = kb.triage_levels()[0];
    return fmt::format("{}: {}{} No more questions.", level.label, triage_advice(kb, result),
                       level.note.empty() ? "" : " " + level.note);
  }
  if (last == Step::kEndOfInput) return "End of input: the result from the answers so far.";
  if (last == Step::kQuit) return "Stopped: the result from the answers so far.";
  switch (state) {
    case InterviewState::kSettled:
      return "No more questions: no answer left could change the advice or the leading causes.";
    case InterviewState::kMaxQuestions:
      return fmt::format("Stopped after {} question{} (--max-questions).", asked,
                         asked == 1 ? "" : "s");
    case InterviewState::kEmergency:
    case InterviewState::kAsking:
      break;
  }
  return "";
}

}  // namespace

int run_ask(const Context& ctx, const AskOptions& opts) {
  const KnowledgeBase& kb = *ctx.kb;
  Case start(kb);
  for (const auto& [finding, value] : opts.answers) start.set(finding, value);
  // A file that cannot be saved is found now, not after the person has answered everything.
  if (!opts.save.empty()) OutputFile probe(opts.save);
  if (!opts.report.empty()) OutputFile probe(opts.report);

  const Style talk = Style::for_stream(stderr, ctx.color);
  Interview interview(kb, start, opts.max_questions);
  Conversation conversation(kb, interview, talk);
  Step last = Step::kNext;
  auto question = interview.next();
  if (question) Conversation::say(intro_text(kb));
  for (; question; question = interview.next()) {
    last = conversation.ask(*question);
    if (last != Step::kNext) break;
  }
  const Case& answers = interview.answers();

  // The result, as `query` writes it for the same answers and default options.
  const EvaluationOptions options{5, 3};
  Evaluator evaluator(kb, opts.json ? options_for_fields(kFieldAll, options) : options);
  const Result& result = evaluator.evaluate(answers);
  Conversation::say(closing_line(kb, result, interview.state(), last, interview.asked()) + "\n");
  // Where stdout is not on the screen (--json > file), the person still sees the advice.
  // The unknown answers are said too: a bare "ROUTINE" with the red flags unasked would
  // read as reassurance, which an unknown answer never is.
  if (result.triage_level != 0 && !same_terminal(fileno(stdout), fileno(stderr))) {
    bool answered = false;
    for (std::size_t f = 0; f < kb.input_finding_count() && !answered; ++f)
      answered = answers.known(f);
    const std::string& could = kb.triage_levels()[result.possible_level].label;
    if (!answered)
      Conversation::say(fmt::format(
          "Nothing was answered, so spotcheck cannot say how urgent this is: it could be {}.\n",
          could));
    else
      Conversation::say(fmt::format("{}: {}{}\n", kb.triage_levels()[result.triage_level].label,
                                    triage_advice(kb, result),
                                    result.possible_level < result.triage_level
                                        ? fmt::format(" Could be {}: other answers could make "
                                                      "this more urgent.",
                                                      could)
                                        : std::string()));
  }
  Conversation::say("\n");
  Output out(stdout, "stdout");
  if (opts.json) {
    std::string json;
    ResultWriter(kb).append(answers, result, kFieldAll, json);
    out.write(json + "\n");
  } else {
    out.write(render_text(kb, answers, result, Style::for_stream(stdout, ctx.color),
                          {opts.verbose, output_width(stdout)}));
  }
  out.flush();

  Conversation::say(
      fmt::format("\nThe same result again: {}\n",
                  query_command_line(kb, answers, conversation.typed(), opts.kb_path)));
  if (!opts.report.empty()) {
    write_report(kb, answers, opts.report);
    Conversation::say(fmt::format("Report for a doctor written to {}.\n", printable(opts.report)));
  }
  if (!opts.save.empty()) {
    OutputFile file(opts.save);
    std::string json;
    ResultWriter(kb).append_case(answers, json);
    json += '\n';
    if (std::fputs(json.c_str(), file.stream()) < 0)
      throw Error(fmt::format("cannot write {}", opts.save), kExitIo);
    file.commit();
    Conversation::say(
        fmt::format("Answers saved to {}: 'spotcheck query {}' gives the same result.\n",
                    printable(opts.save), shell_quoted(opts.save)));
  }
  return kExitOk;
}

}  // namespace spotcheck::cli
