// The adaptive interview behind `spotcheck ask`: which question to ask next and when to
// stop, decided from the knowledge base alone. No I/O: the command line shows the
// questions and reads the answers (docs/ask.md describes the measure).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include <spotcheck/case.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/knowledge_base.h>

namespace spotcheck {

/// What one answer to a question would do, found by evaluating the case with it.
struct AnswerOutcome {
  double value = 0;                ///< the answer tried, in Case encoding
  std::size_t level = 0;           ///< the triage level it would give
  std::size_t possible_level = 0;  ///< and the most urgent level still possible
  bool causes_change = false;      ///< the first three causes would differ (ids or order)
};

/// How much a question's answer could change the result: the interview's measure. Every
/// answer worth trying is tried (yes and no, each choice, each number either side of
/// every threshold the finding is compared with), each alone, on the answers so far.
struct QuestionValue {
  static constexpr std::size_t kNoScreen = std::numeric_limits<std::size_t>::max();
  /// The finding asked about; for a screen, its first listed member.
  std::size_t finding = 0;
  /// A screen (KnowledgeBase::screens()) asked as one question, or kNoScreen. Its measure
  /// is the most any member's answer could do; its `outcomes` are, per listed member, a
  /// yes to it and no to the others (value: the member's place in `members`), then no to
  /// all (value: -1).
  std::size_t screen = kNoScreen;
  /// A screen's members put in its list, in the screen's order: those not yet answered
  /// that fit the person and matter. Empty for a single question.
  std::vector<std::size_t> members;
  /// Some answer alone would make the level the most urgent one (an opening question).
  bool reveals_emergency = false;
  /// Every answer tried (each choice, each side of every threshold; "don't know" aside)
  /// would make the level the most urgent one: asking it is one answer from the emergency.
  bool every_answer_emergency = false;
  /// A screen whose members make an emergency only two together (a head injury on a
  /// blood thinner), none alone.
  bool emergency_needs_two = false;
  std::size_t level_shift = 0;     ///< most levels one answer would move the triage
  std::size_t raise = 0;           ///< most levels one answer would raise it (more urgent)
  std::size_t possible_shift = 0;  ///< most levels one answer would move possible_level
  /// Most levels this answer and one to another question of the same open rule would
  /// raise the triage (a head injury and a blood thinner); looked for only when one answer
  /// alone cannot reach the most urgent level.
  std::size_t pair_raise = 0;
  std::size_t causes_shift = 0;  ///< most places among the first three causes one changes
  double score_shift = 0;        ///< largest change one answer makes to those causes' scores
  /// Per level more urgent than the current one (most urgent first): how many triage rules
  /// of that level, not yet ruled out, read this finding (the warning signs it bears on).
  std::vector<std::size_t> open_rules;
  std::vector<AnswerOutcome> outcomes;
  /// Set when this question comes first because its answer could undo the emergency that
  /// an answer to that other finding would make (a decider: the glass test before fever);
  /// that finding may be a member of a screen.
  std::optional<std::size_t> decides_for;

  /// Whether an answer could change the level (alone or with one other), possible_level or
  /// the first three causes.
  bool matters() const { return level_shift + possible_shift + pair_raise + causes_shift > 0; }
};

/// What a question bears on, for the person who asks "why?" (MYCIN's WHY).
struct QuestionWhy {
  QuestionValue value;
  std::size_t level = 0, possible_level = 0;  ///< of the answers so far
  /// Triage rules (red-flag floors included) that read the finding and have not been
  /// ruled out, most urgent first.
  std::vector<std::size_t> rules;
  /// Among the five leading causes, those whose evidence reads the finding.
  std::vector<std::size_t> causes;
};

enum class InterviewState : std::uint8_t {
  kAsking,        ///< there is a question to ask
  kEmergency,     ///< the level is the most urgent one: act now, ask nothing more
  kSettled,       ///< no answer left to ask could change the level or the first three causes
  kMaxQuestions,  ///< the limit on questions was reached
};

/// One interview: starting answers, then one question at a time. Deterministic: the same
/// knowledge base, starting answers and replies always give the same questions.
class Interview {
 public:
  static constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

  /// `start` holds the answers given up front (flags); they are never asked. The
  /// knowledge base must outlive the interview.
  Interview(const KnowledgeBase& kb, const Case& start, std::size_t max_questions = kNoLimit);
  ~Interview();
  Interview(const Interview&) = delete;
  Interview& operator=(const Interview&) = delete;

  /// The question to ask now, or nothing with state() saying why the interview is over
  /// (docs/ask.md). Candidates are the questions not yet asked whose `ask_when` is not
  /// false; of those that matter (QuestionValue::matters), the first by: an answer alone
  /// would make the level an emergency; the warning signs still open above the current
  /// level it bears on (QuestionValue::open_rules); a red flag, in opening_rank() order;
  /// how urgent an answer could make the advice, alone then with one other; how far it
  /// would move the level, then possible_level; the leading causes. A question whose
  /// emergency another answer could undo comes after that other question (its decider).
  /// A skipped question waits until nothing else is left and is asked once more at most.
  /// A screen (KnowledgeBase::screens()) whose members, not yet answered, two or more
  /// matter is one candidate in their place, measured by the most any of them could do, and
  /// by its own answers (one member yes, the others no; two members yes, for an emergency
  /// that needs both).
  std::optional<QuestionValue> next();
  InterviewState state() const { return state_; }

  /// Records the answer to the question about `finding` (NaN: "don't know").
  void answer(std::size_t finding, double value);
  /// Records the answer to a screen as next() gave it: yes to the listed members whose
  /// places in `asked.members` are in `yes` (0-based), and no to every other listed member
  /// unless `others_unknown` (the person is not sure of them: each is then asked on its own
  /// where it still matters). One question, taken back whole by back().
  void answer_screen(const QuestionValue& asked, const std::vector<std::size_t>& yes,
                     bool others_unknown = false);
  /// A screen answered "don't know": its members stay unknown and are asked one at a time
  /// where they still matter (a "don't know" about a list is never read as a no), after
  /// the questions not yet put that could reveal an emergency.
  void pass_screen(const QuestionValue& asked);
  /// Puts the question about `finding` aside, to be asked again at the end if it still
  /// matters. A screen skipped (skip(asked)) puts each listed member aside so.
  void skip(std::size_t finding);
  void skip(const QuestionValue& asked);
  /// Takes back the last answer or skip; false when there is none (starting answers stay).
  bool back();

  /// Questions put so far (answers and skips, not counting those taken back); a screen
  /// counts as one.
  std::size_t asked() const { return history_.empty() ? 0 : history_.back().step + 1; }
  /// The answers so far, starting answers included: the case to evaluate or save.
  const Case& answers() const { return case_; }

  /// What the question about `finding` bears on, given the answers so far.
  QuestionWhy why(std::size_t finding);
  /// The same for a question as next() gave it: for a screen, the rules and causes that
  /// read any listed member, and `value` is the screen's measure.
  QuestionWhy why(const QuestionValue& asked);

  /// Each finding's place in the static opening order (lower asks first): by how many of
  /// the most urgent level's rules read it, then by the level of its red-flag floor (most
  /// urgent first; no floor last), then knowledge-base order. It orders red flags that the
  /// dynamic measure leaves tied.
  const std::vector<std::size_t>& opening_rank() const { return opening_rank_; }

 private:
  static constexpr std::size_t kNoFinding = std::numeric_limits<std::size_t>::max();
  struct Entry {
    std::size_t finding;  // kNoFinding: a screen passed ("don't know")
    double value;
    bool skipped;
    std::size_t step;    // the question it answers (a screen's members share one)
    std::size_t screen;  // QuestionValue::kNoScreen for a single question
    // A listed member the screen's answer left unknown ("3 ?", "?"): not an answer, a
    // mark that it was put to the person once.
    bool left_unknown = false;
  };
  std::size_t next_step() const { return asked(); }
  // What answers to any of `findings` bear on: the rules still open that read one, the
  // leading causes whose evidence reads one (why() of a question or of a screen).
  QuestionWhy bearing(const std::vector<std::size_t>& findings);
  // A screen's measure from its listed members' own (`values`: every candidate).
  QuestionValue assess_screen(std::size_t s, const std::vector<std::size_t>& members,
                              const std::vector<QuestionValue>& values);
  bool red_flag(const QuestionValue& q) const;
  // The lowest opening_rank() of the question's findings (a screen's members), and the
  // lowest finding index: for ties, whatever order the file lists a screen's members in.
  std::size_t rank(const QuestionValue& q) const;
  static std::size_t first_finding(const QuestionValue& q);
  void rebuild_case();
  // Evaluates the answers so far and keeps what the measure compares against.
  const Result& observe();
  QuestionValue assess(std::size_t finding);
  bool better(const QuestionValue& a, const QuestionValue& b) const;
  // Asks again, on its own, a member of a screen the person did not know about.
  bool asks_again(const QuestionValue& q) const {
    return q.screen == QuestionValue::kNoScreen && listed_unknown_[q.finding];
  }
  std::size_t pair_raise(std::size_t finding, const std::vector<std::uint8_t>& askable);
  // A question to ask before `q`, when q's answer would make an emergency that another
  // answer could undo; null when there is none. `values` are the candidates.
  // `about`: the finding (a screen's member) whose emergency it decides.
  const QuestionValue* decider(const QuestionValue& q, const std::vector<QuestionValue>& values,
                               std::size_t& about);

  const KnowledgeBase& kb_;
  Case start_, case_, trial_;
  std::size_t max_questions_;
  std::vector<Entry> history_;
  std::vector<std::size_t> opening_rank_;
  // Per finding: listed in a screen already put and left unknown by its answer ("3 ?").
  std::vector<std::uint8_t> listed_unknown_;
  std::vector<std::uint8_t> partners_;  // pair_raise's scratch: per finding
  std::vector<std::uint8_t> weighs_;    // [cause * inputs + finding]: its evidence reads it
  InterviewState state_ = InterviewState::kAsking;
  Evaluator current_, trying_, triage_only_;
  // The current result's parts the measure compares against.
  std::size_t level_ = 0, possible_ = 0;
  std::vector<std::size_t> top_;
  std::vector<double> top_score_;
};

}  // namespace spotcheck
