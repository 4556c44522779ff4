#include "kb_lint.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include <spotcheck/evaluator.h>

#include "program.h"

namespace spotcheck::detail {
namespace {

using Ptr = nlohmann::json::json_pointer;

class Linter {
 public:
  Linter(const KnowledgeBase& kb, const nlohmann::json& doc, KbErrorReporter& out)
      : kb_(kb),
        doc_(doc),
        out_(out),
        program_(kb.program()),
        evaluator_(kb, EvaluationOptions{0, 0, false}),
        case_(kb),
        values_(kb.findings().size()) {}

  void run() {
    rules_that_never_fire();
    shadowed_rules();
    causes_nothing_raises();
    must_not_miss();
    findings_nothing_reads();
    levels_no_rule_gives();
  }

 private:
  void warn(const Ptr& where, const std::string& message) {
    out_.report(where, KbSeverity::kWarning, KbCheckKind::kLogic, message);
  }

  // Where rule r is written: a triage rule, or the red flag it was made from.
  Ptr rule_place(std::size_t r) const {
    const TriageRule& rule = kb_.triage_rules()[r];
    if (rule.floor_of != TriageRule::kNotAFloor)
      return Ptr("/findings") / rule.floor_of / "red_flag";
    return Ptr("/triage_rules") / r;
  }

  // Whether node `root`, reading `inputs`, can be `want` for some answers: every
  // combination of the answers worth trying (program.trial_values, and unknown) is
  // evaluated. Nothing when there are too many combinations to try.
  std::optional<bool> can_be(std::uint32_t root, const std::vector<std::uint32_t>& inputs,
                             Tri want) {
    std::vector<std::vector<double>> domains;
    std::size_t combinations = 1;
    for (const std::uint32_t f : inputs) {
      std::vector<double> d = program_.trial_values[f];
      if (d.empty()) d.push_back(kb_.findings()[f].max);  // a number compared with nothing
      d.push_back(std::numeric_limits<double>::quiet_NaN());
      combinations *= d.size();
      if (combinations > kMaxLintTrials) return std::nullopt;
      domains.push_back(std::move(d));
    }
    std::vector<std::size_t> pick(inputs.size(), 0);
    for (std::size_t n = 0; n < combinations; ++n) {
      case_.clear_all();
      for (std::size_t i = 0; i < inputs.size(); ++i) case_.set(inputs[i], domains[i][pick[i]]);
      evaluator_.evaluate(case_);
      for (std::size_t f = 0; f < values_.size(); ++f) values_[f] = evaluator_.finding_value(f);
      if (program_.eval(root, values_.data()) == want) return true;
      for (std::size_t i = 0; i < pick.size() && ++pick[i] == domains[i].size(); ++i) pick[i] = 0;
    }
    return false;
  }

  void rules_that_never_fire() {
    for (std::size_t r = 0; r < kb_.triage_rules().size(); ++r) {
      const std::uint32_t root = program_.rule_root[r];
      if (root == kNoNode) continue;  // the fallback
      if (can_be(root, program_.rule_inputs[r], Tri::kTrue) == false)
        warn(rule_place(r) / "when",
             fmt::format("rule '{}' can never fire: no answers make its condition true ({})",
                         kb_.triage_rules()[r].id, kb_.triage_rules()[r].condition));
    }
  }

  // The conditions a rule's condition is the conjunction of (itself when not an `all`).
  std::vector<std::uint32_t> conjuncts(std::uint32_t root) const {
    const Node& n = program_.nodes[root];
    if (n.op != Op::kAll) return {root};
    std::vector<std::uint32_t> out(program_.children.begin() + n.first_child,
                                   program_.children.begin() + n.first_child + n.child_count);
    std::sort(out.begin(), out.end());
    return out;
  }

  void shadowed_rules() {
    const auto rules = kb_.triage_rules();
    std::vector<std::vector<std::uint32_t>> parts(rules.size());
    for (std::size_t r = 0; r < rules.size(); ++r)
      if (program_.rule_root[r] != kNoNode) parts[r] = conjuncts(program_.rule_root[r]);
    for (std::size_t r = 0; r < rules.size(); ++r) {
      if (parts[r].empty()) continue;
      for (std::size_t s = 0; s < rules.size(); ++s) {
        if (s == r || parts[s].empty() || rules[s].level > rules[r].level) continue;
        if (!std::includes(parts[r].begin(), parts[r].end(), parts[s].begin(), parts[s].end()))
          continue;
        if (rules[s].level == rules[r].level) {
          // At the same level, R still counts if it adds a cause to pin or advice of its
          // own (a specific reason that points to a must-not-miss cause, say).
          const bool adds_causes =
              std::any_of(rules[r].points_to.begin(), rules[r].points_to.end(), [&](std::size_t c) {
                return std::find(rules[s].points_to.begin(), rules[s].points_to.end(), c) ==
                       rules[s].points_to.end();
              });
          if (adds_causes || !rules[r].advice.empty()) continue;
          // Two such rules with the same condition: warn about the second only.
          if (parts[s] == parts[r] && s > r) continue;
        }
        const std::string& level = kb_.triage_levels()[rules[s].level].id;
        warn(rule_place(r) / "when",
             rules[s].level < rules[r].level
                 ? fmt::format("rule '{}' never decides the level: whenever it fires, rule '{}' "
                               "fires too, at the more urgent level '{}'",
                               rules[r].id, rules[s].id, level)
                 : fmt::format("rule '{}' adds nothing: whenever it fires, rule '{}' fires too, "
                               "at the same level '{}', and it points to no other cause and has "
                               "no advice of its own",
                               rules[r].id, rules[s].id, level));
        break;
      }
    }
  }

  void causes_nothing_raises() {
    const auto evidence = kb_.evidence();
    for (std::size_t c = 0; c < kb_.causes().size(); ++c) {
      const Cause& cause = kb_.causes()[c];
      bool raised = false;
      for (std::size_t k = cause.evidence_begin; k < cause.evidence_end && !raised; ++k) {
        const EvidenceItem& e = evidence[k];
        const std::uint32_t root = program_.evidence_root[k];
        const auto& inputs = program_.evidence_inputs[k];
        // An outcome raises the cause when its weight is positive and the condition can
        // have it (or when that cannot be decided).
        raised = (e.weight > 0 && can_be(root, inputs, Tri::kTrue) != false) ||
                 (e.weight_if_false > 0 && can_be(root, inputs, Tri::kFalse) != false) ||
                 (e.weight_if_unknown > 0 && can_be(root, inputs, Tri::kUnknown) != false);
      }
      if (!raised)
        warn(Ptr("/causes") / c / "evidence",
             fmt::format("no evidence can raise cause '{}' (no positive weight on an outcome "
                         "its condition can have): it ranks only by its prior",
                         cause.id));
    }
  }

  void must_not_miss() {
    const auto it = doc_.find("must_not_miss");
    if (it == doc_.end()) {
      warn(Ptr(),
           "no must_not_miss list: nothing says which causes must never be missed, so "
           "nothing checks that a rule points to each");
      return;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string& id = (*it)[i].get_ref<const std::string&>();
      const std::size_t cause = *kb_.find_cause(id);
      const auto rules = kb_.triage_rules();
      const bool pointed = std::any_of(rules.begin(), rules.end(), [&](const TriageRule& r) {
        return std::find(r.points_to.begin(), r.points_to.end(), cause) != r.points_to.end();
      });
      if (!pointed)
        warn(Ptr("/must_not_miss") / i,
             fmt::format("must-not-miss cause '{}' is pointed to by no triage rule "
                         "(points_to), so no result can pin it among the first causes",
                         id));
    }
  }

  void findings_nothing_reads() {
    std::vector<char> read(kb_.findings().size(), 0);
    for (const Node& n : program_.nodes)
      if (n.op < Op::kNot) read[n.finding] = 1;
    for (std::size_t f = 0; f < read.size(); ++f) {
      if (read[f]) continue;
      const Finding& finding = kb_.findings()[f];
      // lesion_type is read by the result itself (its `lesion` object).
      if (kb_.lesion_type_finding() == f) continue;
      const std::size_t inputs = kb_.input_finding_count();
      warn(f < inputs ? Ptr("/findings") / f : Ptr("/derived") / (f - inputs),
           fmt::format("finding '{}' is read by no rule, evidence, derived finding, "
                       "contradiction or ask_when: its answer changes nothing",
                       finding.id));
    }
  }

  void levels_no_rule_gives() {
    std::vector<char> given(kb_.triage_levels().size(), 0);
    for (const TriageRule& r : kb_.triage_rules()) given[r.level] = 1;
    for (std::size_t l = 0; l < given.size(); ++l)
      if (!given[l])
        warn(Ptr("/triage_levels") / l,
             fmt::format("triage level '{}' is given by no rule", kb_.triage_levels()[l].id));
  }

  const KnowledgeBase& kb_;
  const nlohmann::json& doc_;
  KbErrorReporter& out_;
  const Program& program_;
  Evaluator evaluator_;
  Case case_;
  std::vector<double> values_;
};

}  // namespace

void lint_knowledge_base(const KnowledgeBase& kb, const nlohmann::json& doc, KbErrorReporter& out) {
  Linter(kb, doc, out).run();
}

}  // namespace spotcheck::detail
