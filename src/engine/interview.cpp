// The interview's measure: each candidate question is scored by trying every answer worth
// trying, alone, on the answers so far, and seeing how far the result would move. That is
// the one-step look-ahead of information gain with the outcomes that matter to the person
// (how urgent, and which causes lead) in place of entropy; docs/ask.md explains why.
#include <algorithm>
#include <cmath>

#include <spotcheck/interview.h>

#include "program.h"

namespace spotcheck {
namespace {

constexpr std::size_t kTopCauses = 3;  // the causes whose change keeps the interview going
constexpr std::size_t kWhyCauses = 5;  // the causes `why` may name
constexpr EvaluationOptions kAllCauses{0, 0, true};  // every cause scored, no next questions
constexpr EvaluationOptions kTriageOnly{0, 0, false};

std::size_t distance(std::size_t a, std::size_t b) {
  return a > b ? a - b : b - a;
}

bool reads(const std::vector<std::uint32_t>& inputs, std::size_t f) {
  return std::find(inputs.begin(), inputs.end(), f) != inputs.end();
}

}  // namespace

Interview::Interview(const KnowledgeBase& kb, const Case& start, std::size_t max_questions)
    : kb_(kb),
      start_(start),
      case_(start),
      trial_(start),
      max_questions_(max_questions),
      current_(kb, kAllCauses),
      trying_(kb, kAllCauses),
      triage_only_(kb, kTriageOnly) {
  const detail::Program& program = kb.program();
  const std::size_t inputs = kb.input_finding_count();
  const std::size_t levels = kb.triage_levels().size();
  std::vector<std::size_t> floor(inputs), most_urgent_rules(inputs, 0), order(inputs);
  for (std::size_t f = 0; f < inputs; ++f) {
    const Finding& finding = kb.findings()[f];
    floor[f] = finding.red_flag ? finding.floor : levels;
    order[f] = f;
  }
  for (std::size_t r = 0; r < kb.triage_rules().size(); ++r)
    if (kb.triage_rules()[r].level == 0)
      for (const std::uint32_t f : program.rule_inputs[r]) ++most_urgent_rules[f];
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (most_urgent_rules[a] != most_urgent_rules[b])
      return most_urgent_rules[a] > most_urgent_rules[b];
    return floor[a] < floor[b];
  });
  weighs_.assign(kb.causes().size() * inputs, 0);
  for (std::size_t c = 0; c < kb.causes().size(); ++c) {
    const Cause& cause = kb.causes()[c];
    for (std::size_t e = cause.evidence_begin; e < cause.evidence_end; ++e)
      for (const std::uint32_t f : program.evidence_inputs[e]) weighs_[c * inputs + f] = 1;
  }
  opening_rank_.assign(inputs, 0);
  for (std::size_t k = 0; k < inputs; ++k) opening_rank_[order[k]] = k;
}

Interview::~Interview() = default;

void Interview::rebuild_case() {
  case_ = start_;
  for (const Entry& e : history_)
    if (!e.skipped && !e.left_unknown) case_.set(e.finding, e.value);
}

void Interview::answer(std::size_t finding, double value) {
  history_.push_back({finding, value, false, next_step(), QuestionValue::kNoScreen});
  rebuild_case();
}

void Interview::skip(std::size_t finding) {
  history_.push_back({finding, std::nan(""), true, next_step(), QuestionValue::kNoScreen});
}

bool Interview::back() {
  if (history_.empty()) return false;
  const std::size_t step = history_.back().step;
  while (!history_.empty() && history_.back().step == step) history_.pop_back();
  rebuild_case();
  return true;
}

QuestionValue Interview::assess(std::size_t f) {
  QuestionValue q;
  q.finding = f;
  bool weighs_top = false;
  for (const std::size_t c : top_) weighs_top |= weighs_[c * kb_.input_finding_count() + f] != 0;
  trial_ = case_;
  q.every_answer_emergency = !kb_.program().trial_values[f].empty();
  for (const double v : kb_.program().trial_values[f]) {
    trial_.set(f, v);
    const Result& r = trying_.evaluate(trial_);
    AnswerOutcome o{v, r.triage_level, r.possible_level, false};
    std::size_t moved = 0;
    // Causes that would enter the first three (a change of order among them alone is not
    // worth a question), by an answer that weighs one of them: a question about the leading
    // causes, not one fishing for another.
    if (weighs_top)
      for (std::size_t k = 0; k < top_.size(); ++k)
        moved += std::find(top_.begin(), top_.end(), r.causes[k].cause) == top_.end();
    o.causes_change = moved > 0;
    for (std::size_t k = 0; k < top_.size(); ++k)
      for (const RankedCause& rc : r.causes)
        if (rc.cause == top_[k])
          q.score_shift = std::max(q.score_shift, std::abs(rc.score - top_score_[k]));
    q.reveals_emergency |= r.triage_level == 0;
    q.every_answer_emergency &= r.triage_level == 0;
    q.level_shift = std::max(q.level_shift, distance(r.triage_level, level_));
    if (r.triage_level < level_) q.raise = std::max(q.raise, level_ - r.triage_level);
    q.possible_shift = std::max(q.possible_shift, distance(r.possible_level, possible_));
    q.causes_shift = std::max(q.causes_shift, moved);
    q.outcomes.push_back(o);
  }
  return q;
}

std::size_t Interview::pair_raise(std::size_t f, const std::vector<std::uint8_t>& askable) {
  // A warning sign that needs two answers (a head injury and a blood thinner) is found by
  // neither alone: try this answer with each answer to the other questions of the same
  // rules, those still open above the current level.
  const detail::Program& program = kb_.program();
  partners_.assign(askable.size(), 0);
  for (std::size_t r = 0; r < kb_.triage_rules().size(); ++r) {
    if (kb_.triage_rules()[r].level >= level_ || current_.rule_state(r) == Tri::kFalse) continue;
    const auto& read = program.rule_inputs[r];
    if (!reads(read, f)) continue;
    for (const std::uint32_t g : read)
      if (g != f && askable[g]) partners_[g] = 1;
  }
  std::size_t most = level_;
  trial_ = case_;
  for (const double v : program.trial_values[f]) {
    trial_.set(f, v);
    for (std::size_t g = 0; g < partners_.size() && most > 0; ++g) {
      if (!partners_[g]) continue;
      for (const double w : program.trial_values[g]) {
        trial_.set(g, w);
        most = std::min(most, triage_only_.evaluate(trial_).triage_level);
      }
      trial_.set(g, case_.value(g));
    }
  }
  return level_ - most;
}

bool Interview::better(const QuestionValue& a, const QuestionValue& b) const {
  // A question any answer to which makes it an emergency (a feverish toddler's spots,
  // said to fade, then described as petechiae, purpura or a bruise) is surer to find one
  // than a red flag that only a yes would: asked before the lists.
  if (a.every_answer_emergency != b.every_answer_emergency) return a.every_answer_emergency;
  // The opening: red flags whose answer alone would make the level an emergency.
  // A sign the person was shown in a list and said "?" to is asked again on its own only
  // after the questions they have not seen that could reveal an emergency: another list
  // may hold the one sign that is a yes, the spots' size may be known.
  const bool again_a = asks_again(a), again_b = asks_again(b);
  const bool opening_a = a.reveals_emergency && red_flag(a) && !again_a;
  const bool opening_b = b.reveals_emergency && red_flag(b) && !again_b;
  if (opening_a != opening_b) return opening_a;
  const bool fresh_a = a.reveals_emergency && !again_a;
  const bool fresh_b = b.reveals_emergency && !again_b;
  if (fresh_a != fresh_b) return fresh_a;
  if (a.reveals_emergency != b.reveals_emergency) return a.reveals_emergency;
  if (a.open_rules != b.open_rules) return a.open_rules > b.open_rules;
  if (opening_a && rank(a) != rank(b)) return rank(a) < rank(b);
  // Then the answers that could make the advice most urgent, alone before with another.
  const std::size_t reach_a = std::max(a.raise, a.pair_raise);
  const std::size_t reach_b = std::max(b.raise, b.pair_raise);
  if (reach_a != reach_b) return reach_a > reach_b;
  if (a.raise != b.raise) return a.raise > b.raise;
  if (a.level_shift != b.level_shift) return a.level_shift > b.level_shift;
  if (a.possible_shift != b.possible_shift) return a.possible_shift > b.possible_shift;
  if (a.causes_shift != b.causes_shift) return a.causes_shift > b.causes_shift;
  if (a.score_shift != b.score_shift) return a.score_shift > b.score_shift;
  return first_finding(a) < first_finding(b);
}

const Result& Interview::observe() {
  const Result& r = current_.evaluate(case_);
  level_ = r.triage_level;
  possible_ = r.possible_level;
  top_.clear();
  top_score_.clear();
  for (std::size_t k = 0; k < std::min(kTopCauses, r.causes.size()); ++k) {
    top_.push_back(r.causes[k].cause);
    top_score_.push_back(r.causes[k].score);
  }
  return r;
}

std::optional<QuestionValue> Interview::next() {
  observe();
  if (level_ == 0) {
    state_ = InterviewState::kEmergency;
    return std::nullopt;
  }
  if (asked() >= max_questions_) {
    state_ = InterviewState::kMaxQuestions;
    return std::nullopt;
  }
  // A question is done once answered (a "don't know" included) or skipped twice; one
  // skipped once waits until nothing else is left.
  const std::size_t inputs = kb_.input_finding_count();
  std::vector<std::uint8_t> answered(inputs, 0), skips(inputs, 0);
  std::vector<std::uint8_t> screen_done(kb_.screens().size(), 0);
  listed_unknown_.assign(inputs, 0);
  for (const Entry& e : history_) {
    if (e.screen != QuestionValue::kNoScreen) screen_done[e.screen] = 1;
    if (e.finding == kNoFinding) continue;
    if (e.left_unknown) {
      listed_unknown_[e.finding] = 1;
      continue;
    }
    if (e.skipped)
      ++skips[e.finding];
    else
      answered[e.finding] = 1;
  }
  std::vector<std::uint8_t> fits(inputs);
  for (std::size_t f = 0; f < inputs; ++f) fits[f] = current_.ask_when_state(f) != Tri::kFalse;
  for (const std::uint8_t pass : {std::uint8_t{0}, std::uint8_t{1}}) {
    std::vector<QuestionValue> values;
    std::vector<std::uint8_t> askable(inputs, 0);
    for (std::size_t f = 0; f < inputs; ++f) {
      askable[f] = !case_.known(f) && !answered[f] && skips[f] == pass && fits[f];
      if (askable[f]) values.push_back(assess(f));
    }
    for (QuestionValue& q : values)
      if (q.raise < level_) q.pair_raise = pair_raise(q.finding, askable);
    // Screens not yet put, in place of their members that matter, when two or more do (one
    // alone is asked as itself).
    if (pass == 0) {
      std::vector<QuestionValue> screens;
      for (std::size_t s = 0; s < kb_.screens().size(); ++s) {
        if (screen_done[s]) continue;
        std::vector<std::size_t> members;
        for (const std::size_t m : kb_.screens()[s].members)
          for (const QuestionValue& v : values)
            if (v.finding == m && v.matters()) members.push_back(m);
        if (members.size() >= 2) screens.push_back(assess_screen(s, members, values));
      }
      for (const QuestionValue& screen : screens)
        std::erase_if(values, [&](const QuestionValue& v) {
          return v.screen == QuestionValue::kNoScreen &&
                 std::find(screen.members.begin(), screen.members.end(), v.finding) !=
                     screen.members.end();
        });
      values.insert(values.end(), screens.begin(), screens.end());
    }
    // The warning signs still open above the current level that each question bears on.
    for (QuestionValue& q : values) q.open_rules.assign(level_, 0);
    for (std::size_t r = 0; r < kb_.triage_rules().size(); ++r) {
      const std::size_t level = kb_.triage_rules()[r].level;
      if (level >= level_ || current_.rule_state(r) == Tri::kFalse) continue;
      const auto& read = kb_.program().rule_inputs[r];
      for (QuestionValue& q : values) {
        const bool bears = q.screen == QuestionValue::kNoScreen
                               ? reads(read, q.finding)
                               : std::any_of(q.members.begin(), q.members.end(),
                                             [&](std::size_t m) { return reads(read, m); });
        if (bears) ++q.open_rules[level];
      }
    }
    const QuestionValue* best = nullptr;
    for (const QuestionValue& q : values)
      if (q.matters() && (!best || better(q, *best))) best = &q;
    if (best) {
      state_ = InterviewState::kAsking;
      // Deciders of deciders, a few deep (each is asked before the one it decides).
      std::optional<std::size_t> decides_for;
      for (int depth = 0; depth < 4; ++depth) {
        std::size_t about = best->finding;
        const QuestionValue* d = decider(*best, values, about);
        if (!d) break;
        decides_for = about;
        best = d;
      }
      QuestionValue chosen = *best;
      chosen.decides_for = decides_for;
      return chosen;
    }
  }
  state_ = InterviewState::kSettled;
  return std::nullopt;
}

const QuestionValue* Interview::decider(const QuestionValue& q,
                                        const std::vector<QuestionValue>& values,
                                        std::size_t& about) {
  if (!q.reveals_emergency) return nullptr;
  // An answer that makes the level an emergency only while another question is unanswered
  // (unknown counts as the worse case: the spots count as not fading until a glass test
  // says they fade) would end the interview on that assumption. The other question comes
  // first: the best of those whose answer could undo the emergency.
  const QuestionValue* best = nullptr;
  const auto set_answer = [&](const AnswerOutcome& o) {
    trial_ = case_;
    if (q.screen == QuestionValue::kNoScreen) return trial_.set(q.finding, o.value);
    for (std::size_t k = 0; k < q.members.size(); ++k)
      trial_.set(q.members[k], static_cast<double>(k) == o.value ? 1.0 : 0.0);
  };
  for (const AnswerOutcome& o : q.outcomes) {
    if (o.level != 0) continue;
    for (const QuestionValue& g : values) {
      if (g.screen != QuestionValue::kNoScreen) continue;  // a decider is one question
      // A decider that would itself reveal an emergency needs a decider of its own: one that
      // does not is preferred.
      const auto before = [&](const QuestionValue& a, const QuestionValue& b) {
        return a.reveals_emergency != b.reveals_emergency ? !a.reveals_emergency : better(a, b);
      };
      if (g.finding == q.finding || (best && !before(g, *best))) continue;
      set_answer(o);
      for (const double w : kb_.program().trial_values[g.finding]) {
        trial_.set(g.finding, w);
        if (triage_only_.evaluate(trial_).triage_level != 0) {
          best = &g;
          about = q.screen == QuestionValue::kNoScreen
                      ? q.finding
                      : q.members[static_cast<std::size_t>(o.value)];
          break;
        }
      }
    }
  }
  return best;
}

QuestionWhy Interview::bearing(const std::vector<std::size_t>& findings) {
  QuestionWhy w;
  const Result& r = observe();
  w.level = r.triage_level;
  w.possible_level = r.possible_level;
  const detail::Program& program = kb_.program();
  const auto reads_any = [&](const std::vector<std::uint32_t>& inputs) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](std::size_t f) { return reads(inputs, f); });
  };
  for (std::size_t i = 0; i < kb_.triage_rules().size(); ++i)
    if (current_.rule_state(i) != Tri::kFalse && reads_any(program.rule_inputs[i]))
      w.rules.push_back(i);
  std::stable_sort(w.rules.begin(), w.rules.end(), [&](std::size_t a, std::size_t b) {
    return kb_.triage_rules()[a].level < kb_.triage_rules()[b].level;
  });
  for (std::size_t k = 0; k < std::min(kWhyCauses, r.causes.size()); ++k) {
    const Cause& cause = kb_.causes()[r.causes[k].cause];
    for (std::size_t e = cause.evidence_begin; e < cause.evidence_end; ++e) {
      if (reads_any(program.evidence_inputs[e])) {
        w.causes.push_back(r.causes[k].cause);
        break;
      }
    }
  }
  return w;
}

QuestionWhy Interview::why(std::size_t f) {
  QuestionWhy w = bearing({f});
  w.value = assess(f);
  return w;
}

}  // namespace spotcheck
