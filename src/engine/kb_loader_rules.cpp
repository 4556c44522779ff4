// The sections that compile conditions: derived findings, triage rules (red-flag floors
// included), causes and their evidence, contradictions; then the passes that lay out the
// compiled program. kb_loader.h says how problems are collected.
#include "kb_loader.h"

namespace spotcheck {

std::vector<std::uint32_t> KbLoader::expand_inputs(const std::vector<std::uint32_t>& deps) const {
  std::vector<std::uint32_t> inputs;
  for (const std::uint32_t f : deps) {
    if (f < kb_->input_count_)
      inputs.push_back(f);
    else
      inputs.insert(inputs.end(), derived_inputs_[f].begin(), derived_inputs_[f].end());
  }
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  return inputs;
}

void KbLoader::compile_derived() {
  detail::Program& program = *kb_->program_;
  const std::size_t total = kb_->findings_.size();
  program.cases_begin.assign(total, 0);
  program.cases_end.assign(total, 0);
  direct_.assign(total, {});
  // Only the derived findings read (derived is then an array); a stand-in is skipped.
  const json& derived = doc_["derived"];
  for (std::size_t i = 0; kb_->input_count_ + i < total; ++i) {
    const std::size_t f = kb_->input_count_ + i;
    if (finding_broken_[f]) continue;
    item(derived[i], detail::RefKind::kFinding, [&] { compile_cases(i); });
  }
  order_derived(direct_);
}

void KbLoader::compile_cases(std::size_t i) {
  detail::Program& program = *kb_->program_;
  const json& derived = doc_["derived"];
  const Ptr at = Ptr("/derived") / i;
  const std::size_t f = kb_->input_count_ + i;
  const Finding& finding = kb_->findings_[f];
  const json& cases = array(derived[i], at, "cases");
  if (cases.empty()) errors_.fail(at / "cases", "needs at least one case");
  program.cases_begin[f] = static_cast<std::uint32_t>(kb_->derivation_cases_.size());
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const Ptr cat = at / "cases" / c;
    check_keys(cases[c], cat, {"when", "value", "basis", "text", "source"});
    DerivationCase out{f, 0, string(cases[c], cat, "basis"), string(cases[c], cat, "text"), {}};
    if (cases[c].contains("source")) out.source = source_ref(cases[c]["source"], cat / "source");
    const json& value = member(cases[c], cat, "value");
    if (finding.type == FindingType::kChoice) {
      const auto pos = value.is_string() ? std::find(finding.choices.begin(), finding.choices.end(),
                                                     value.get<std::string>())
                                         : finding.choices.end();
      if (pos == finding.choices.end())
        errors_.fail_ref(cat / "value", fmt::format("expected one of the choices of '{}': {}",
                                                    finding.id, fmt::join(finding.choices, ", ")));
      out.value = static_cast<double>(pos - finding.choices.begin());
    } else if (finding.type == FindingType::kBool) {
      if (!value.is_boolean()) errors_.fail(cat / "value", "expected true or false");
      out.value = value.get<bool>() ? 1 : 0;
    } else {
      if (!value.is_number()) errors_.fail(cat / "value", "expected a number");
      out.value = value.get<double>();
    }
    std::vector<std::uint32_t> deps;
    program.derivation_root.push_back(
        compiler().compile(member(cases[c], cat, "when"), cat / "when", deps));
    direct_[f].insert(direct_[f].end(), deps.begin(), deps.end());
    kb_->derivation_cases_.push_back(std::move(out));
  }
  // The `otherwise` outcome is a last case that always matches and leaves the value unknown.
  const json& otherwise = member(derived[i], at, "otherwise");
  check_keys(otherwise, at / "otherwise", {"basis", "text"});
  kb_->derivation_cases_.push_back({f,
                                    std::numeric_limits<double>::quiet_NaN(),
                                    string(otherwise, at / "otherwise", "basis"),
                                    string(otherwise, at / "otherwise", "text"),
                                    {}});
  program.derivation_root.push_back(detail::kNoNode);
  program.cases_end[f] = static_cast<std::uint32_t>(kb_->derivation_cases_.size());
}

void KbLoader::order_derived(const std::vector<std::vector<std::uint32_t>>& direct) {
  detail::Program& program = *kb_->program_;
  const std::size_t total = kb_->findings_.size();
  // Depth-first topological order; a finding met again while still open closes a cycle.
  enum class Mark { kNone, kOpen, kDone };
  std::vector<Mark> mark(total, Mark::kNone);
  std::vector<std::uint32_t> path;
  derived_inputs_.assign(total, {});
  std::function<void(std::uint32_t)> visit = [&](std::uint32_t f) {
    if (f < kb_->input_count_ || mark[f] == Mark::kDone) return;
    path.push_back(f);
    if (mark[f] == Mark::kOpen) {
      std::vector<std::string> names;
      auto first = std::find(path.begin(), path.end(), f);
      for (auto it = first; it != path.end(); ++it) names.push_back(kb_->findings_[*it].id);
      errors_.fail_ref(Ptr("/derived") / (f - kb_->input_count_),
                       fmt::format("derived findings depend on each other in a cycle: {}",
                                   fmt::join(names, " -> ")));
    }
    mark[f] = Mark::kOpen;
    for (const std::uint32_t d : direct[f]) visit(d);
    mark[f] = Mark::kDone;
    path.pop_back();
    derived_inputs_[f] = expand_inputs(direct[f]);
    program.derived_order.push_back(f);
  };
  for (std::size_t f = kb_->input_count_; f < total; ++f) {
    try {
      visit(static_cast<std::uint32_t>(f));
    } catch (const detail::ItemAbandoned&) {
      // A cycle, reported once: what was open on it counts as done.
      for (Mark& m : mark)
        if (m == Mark::kOpen) m = Mark::kDone;
      path.clear();
    }
  }
}

void KbLoader::load_rules() {
  detail::Program& program = *kb_->program_;
  std::set<std::string> seen;
  const json& list = array(doc_, Ptr(), "triage_rules");
  bool fallback_failed = false;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Ptr at = Ptr("/triage_rules") / i;
    const json& r = list[i];
    if (!item(r, detail::RefKind::kRule, [&] { load_rule(r, at, seen); })) {
      // Without its rule, "no fallback" would be a second error for one mistake.
      const auto fallback = r.is_object() ? r.find("fallback") : r.end();
      fallback_failed |= fallback != r.end() && *fallback == true;
    }
  }
  if (program.fallback_rule == detail::kNoNode && !fallback_failed)
    part([&] {
      errors_.fail(
          Ptr("/triage_rules"),
          "one rule must be the fallback (\"fallback\": true), so every result has a reason");
    });
  add_red_flag_rules(seen);
}

void KbLoader::load_rule(const json& r, const Ptr& at, std::set<std::string>& seen) {
  detail::Program& program = *kb_->program_;
  check_keys(r, at,
             {"id", "level", "when", "text", "sources", "fallback", "note", "advice", "points_to"});
  TriageRule rule;
  rule.id = id(r, at, seen, "rule");
  rule.level = level(r, at);
  rule.text = string(r, at, "text");
  rule.sources = source_refs(r, at, "sources", true);
  rule.fallback = opt_bool(r, at, "fallback");
  rule.advice = opt_string(r, at, "advice");
  std::vector<std::uint32_t> deps;
  if (rule.fallback) {
    if (r.contains("when")) errors_.fail(at / "when", "the fallback rule has no condition");
    if (program.fallback_rule != detail::kNoNode)
      errors_.fail(at / "fallback", "only one rule can be the fallback");
    program.fallback_rule = static_cast<std::uint32_t>(kb_->rules_.size());
    program.rule_root.push_back(detail::kNoNode);
    rule.condition = "no other rule fired";
  } else {
    const json& when = member(r, at, "when");
    program.rule_root.push_back(compiler().compile(when, at / "when", deps));
    rule.condition = compiler().describe(when);
  }
  program.rule_inputs.push_back(expand_inputs(deps));
  if (r.contains("points_to"))
    pending_points_to_.emplace_back(kb_->rules_.size(), at / "points_to");
  kb_->rules_.push_back(std::move(rule));
}

void KbLoader::add_red_flag_rules(std::set<std::string>& seen) {
  for (std::size_t f = 0; f < kb_->input_count_; ++f) {
    if (!kb_->findings_[f].red_flag) continue;  // (false for a stand-in)
    part([&] { add_red_flag_rule(f, seen); });
  }
}

void KbLoader::add_red_flag_rule(std::size_t f, std::set<std::string>& seen) {
  detail::Program& program = *kb_->program_;
  const json& findings = doc_["findings"];
  const Finding& finding = kb_->findings_[f];
  const Ptr at = Ptr("/findings") / f / "red_flag";
  const json& flag = findings[f]["red_flag"];
  TriageRule rule;
  rule.id = "red_flag_" + finding.id;
  if (!seen.insert(rule.id).second)
    errors_.fail_ref(at, fmt::format("the rule id '{}' of this red flag's floor is taken by "
                                     "another rule; rename that rule",
                                     rule.id));
  rule.level = finding.floor;
  rule.text = string(flag, at, "text");
  rule.sources = source_refs(flag, at, "sources", true);
  rule.floor_of = f;
  if (flag.contains("points_to"))
    pending_points_to_.emplace_back(kb_->rules_.size(), at / "points_to");
  const json when = {{"is", finding.id}};
  std::vector<std::uint32_t> deps;
  program.rule_root.push_back(compiler().compile(when, at, deps));
  rule.condition = compiler().describe(when);
  program.rule_inputs.push_back(expand_inputs(deps));
  kb_->rules_.push_back(std::move(rule));
}

void KbLoader::resolve_points_to() {
  for (const auto& pending : pending_points_to_)
    part([&] { resolve_points_to(pending.first, pending.second); });
}

void KbLoader::resolve_points_to(std::size_t r, const Ptr& at) {
  const json& list = doc_.at(at);
  if (!list.is_array() || list.empty()) errors_.fail(at, "expected a non-empty array of cause ids");
  for (std::size_t k = 0; k < list.size(); ++k)
    part([&] {
      const auto cause = list[k].is_string() ? kb_->find_cause(list[k].get<std::string>())
                                             : std::optional<std::size_t>();
      if (!cause) {
        std::vector<std::string> ids;
        for (const Cause& c : kb_->causes_) ids.push_back(c.id);
        const std::string name = list[k].is_string() ? list[k].get<std::string>() : list[k].dump();
        const auto hint = closest_match(name, ids);
        errors_.unknown(detail::RefKind::kCause, name, at / k,
                        fmt::format("unknown cause '{}'{}", name,
                                    hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
      }
      auto& points_to = kb_->rules_[r].points_to;
      if (std::find(points_to.begin(), points_to.end(), *cause) != points_to.end())
        errors_.fail_ref(at / k, "the same cause is named twice");
      points_to.push_back(*cause);
    });
}

void KbLoader::load_contradictions() {
  if (!doc_.contains("contradictions")) return;
  std::set<std::string> seen;
  const json& list = array(doc_, Ptr(), "contradictions");
  for (std::size_t i = 0; i < list.size(); ++i)
    part([&] {
      const Ptr at = Ptr("/contradictions") / i;
      check_keys(list[i], at, {"id", "when", "text", "sources"});
      Contradiction c{id(list[i], at, seen, "contradiction"), string(list[i], at, "text"),
                      source_refs(list[i], at, "sources", false)};
      std::vector<std::uint32_t> deps;
      kb_->program_->contradiction_root.push_back(
          compiler().compile(member(list[i], at, "when"), at / "when", deps));
      kb_->contradictions_.push_back(std::move(c));
    });
}

void KbLoader::order_nodes() {
  // Renumber the nodes so that the leaves come first, grouped by operator; the rest keep
  // their creation order, which has children before parents.
  detail::Program& program = *kb_->program_;
  const std::size_t count = program.nodes.size();
  std::vector<std::uint32_t> renumber(count);
  std::uint32_t next = 0;
  program.runs.clear();
  for (auto op = detail::Op::kIs; op < detail::Op::kNot;
       op = static_cast<detail::Op>(static_cast<int>(op) + 1)) {
    const std::uint32_t begin = next;
    for (std::size_t i = 0; i < count; ++i)
      if (program.nodes[i].op == op) renumber[i] = next++;
    if (next > begin) program.runs.push_back({op, next});
  }
  for (std::size_t i = 0; i < count; ++i)
    if (program.nodes[i].op >= detail::Op::kNot) renumber[i] = next++;
  std::vector<detail::Node> nodes(program.nodes.size());
  for (std::size_t i = 0; i < program.nodes.size(); ++i) nodes[renumber[i]] = program.nodes[i];
  program.nodes = std::move(nodes);
  for (std::uint32_t& child : program.children) child = renumber[child];
  for (auto* roots : {&program.rule_root, &program.evidence_root, &program.derivation_root,
                      &program.contradiction_root, &program.ask_when_root})
    for (std::uint32_t& root : *roots)
      if (root != detail::kNoNode) root = renumber[root];

  program.steps.clear();
  for (std::uint32_t n = program.runs.empty() ? 0 : program.runs.back().end; n < count; ++n) {
    const detail::Node& x = program.nodes[n];
    const std::uint32_t* child = program.children.data() + x.first_child;
    const std::uint32_t row = detail::combine_row(x.op);
    if (x.child_count == 1) {
      program.steps.push_back({n, child[0], child[0], row});
      continue;
    }
    program.steps.push_back({n, child[0], child[1], row});
    for (std::uint32_t k = 2; k < x.child_count; ++k)
      program.steps.push_back({n, n, child[k], row});
  }
}

void KbLoader::index_questions() {
  detail::Program& program = *kb_->program_;
  const std::size_t inputs = kb_->input_count_;
  program.finding_rules.assign(inputs, {});
  for (std::size_t r = 0; r < program.rule_inputs.size(); ++r)
    for (const std::uint32_t f : program.rule_inputs[r])
      program.finding_rules[f].push_back(static_cast<std::uint32_t>(r));
  // Most urgent first, so that the first rule an answer is found to raise is the best.
  for (auto& rules : program.finding_rules)
    std::stable_sort(rules.begin(), rules.end(), [&](std::uint32_t a, std::uint32_t b) {
      return kb_->rules_[a].level < kb_->rules_[b].level;
    });
  program.trial_values.assign(inputs, {});
  program.feeds_derived.assign(inputs, 0);
  program.derived_inputs = derived_inputs_;
  for (std::size_t d = inputs; d < kb_->findings_.size(); ++d)
    for (const std::uint32_t f : derived_inputs_[d]) program.feeds_derived[f] = 1;
  for (std::size_t f = 0; f < inputs; ++f) {
    const Finding& finding = kb_->findings_[f];
    auto& values = program.trial_values[f];
    if (finding.type == FindingType::kBool) values = {1, 0};
    if (finding.type == FindingType::kChoice)
      for (std::size_t c = 0; c < finding.choices.size(); ++c)
        values.push_back(static_cast<double>(c));
    if (finding.type != FindingType::kNumber) continue;
    for (const detail::Node& node : program.nodes) {
      if (node.finding != f || node.op < detail::Op::kLt || node.op > detail::Op::kGe) continue;
      const double step = 1e-6 * std::max(1.0, std::abs(node.number));
      for (const double v : {node.number - step, node.number, node.number + step})
        if (!kb_->check_number(f, v)) values.push_back(v);
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
  }
}

void KbLoader::load_causes() {
  std::set<std::string> seen;
  const json& list = array(doc_, Ptr(), "causes");
  for (std::size_t i = 0; i < list.size(); ++i)
    item(list[i], detail::RefKind::kCause, [&] { load_cause(list[i], Ptr("/causes") / i, seen); });
}

void KbLoader::load_cause(const json& c, const Ptr& at, std::set<std::string>& seen) {
  detail::Program& program = *kb_->program_;
  bool complete = true;  // false when a code or an evidence item was skipped
  check_keys(c, at,
             {"id", "name", "clinical_name", "category", "description", "prevalence", "codes",
              "sources", "evidence", "note"});
  Cause cause;
  cause.id = id(c, at, seen, "cause");
  cause.name = string(c, at, "name");
  cause.clinical_name = opt_string(c, at, "clinical_name");
  cause.description = string(c, at, "description");
  // What the cause names is checked part by part, so that one wrong name hides nothing
  // else in it; the cause is still skipped in the end.
  complete &= part([&] {
    const std::string category = string(c, at, "category");
    const auto cat = std::find_if(kb_->categories_.begin(), kb_->categories_.end(),
                                  [&](const Category& k) { return k.id == category; });
    if (cat == kb_->categories_.end())
      errors_.unknown(detail::RefKind::kCategory, category, at / "category",
                      fmt::format("unknown category '{}'", category));
    cause.category = static_cast<std::size_t>(cat - kb_->categories_.begin());
  });
  complete &= part([&] {
    cause.prevalence = string(c, at, "prevalence");
    const auto prior = priors_.find(cause.prevalence);
    if (prior == priors_.end())
      errors_.unknown(detail::RefKind::kPrevalence, cause.prevalence, at / "prevalence",
                      fmt::format("unknown prevalence class '{}'", cause.prevalence));
    cause.prior = prior->second;
  });
  cause.sources = source_refs(c, at, "sources", true);
  if (c.contains("codes")) {
    const json& codes = array(c, at, "codes");
    for (std::size_t k = 0; k < codes.size(); ++k)
      complete &= part([&] {
        const Ptr kat = at / "codes" / k;
        check_keys(codes[k], kat, {"system", "code", "title"});
        Code code{string(codes[k], kat, "system"), string(codes[k], kat, "code"),
                  opt_string(codes[k], kat, "title")};
        if (code.system != "ICD-10 WHO" && code.system != "ICD-10-CM")
          errors_.fail(kat / "system", "expected \"ICD-10 WHO\" or \"ICD-10-CM\"");
        cause.codes.push_back(std::move(code));
      });
  }
  const json& evidence = array(c, at, "evidence");
  if (evidence.empty())
    errors_.fail(at / "evidence", "a cause needs at least one piece of evidence");
  cause.evidence_begin = kb_->evidence_.size();
  for (std::size_t k = 0; k < evidence.size(); ++k)
    complete &= part([&] {
      const Ptr eat = at / "evidence" / k;
      const json& e = evidence[k];
      check_keys(e, eat,
                 {"when", "weight", "weight_if_false", "weight_if_unknown", "text", "source"});
      EvidenceItem ev;
      ev.weight = number(e, eat, "weight");
      ev.weight_if_false = opt_number(e, eat, "weight_if_false", 0);
      ev.weight_if_unknown = opt_number(e, eat, "weight_if_unknown", 0);
      for (const double w : {ev.weight, ev.weight_if_false, ev.weight_if_unknown})
        if (!std::isfinite(w) || std::abs(w) > 20)
          errors_.fail(eat / "weight", "weights are log-odds steps between -20 and 20");
      ev.text = string(e, eat, "text");
      if (e.contains("source")) ev.source = source_ref(e["source"], eat / "source");
      const json& when = member(e, eat, "when");
      std::vector<std::uint32_t> deps;
      program.evidence_root.push_back(compiler().compile(when, eat / "when", deps));
      program.evidence_inputs.push_back(expand_inputs(deps));
      ev.label = compiler().describe(when);
      const bool simple = ev.label.find(' ') == std::string::npos;
      ev.negated_label = simple && ev.label.front() == '!' ? ev.label.substr(1)
                         : simple                          ? "!" + ev.label
                                                           : "!(" + ev.label + ")";
      kb_->evidence_.push_back(std::move(ev));
    });
  cause.evidence_end = kb_->evidence_.size();
  // Its other problems were reported; skipped, the cause gives no error where it is named.
  if (!complete) errors_.abandon();
  kb_->causes_.push_back(std::move(cause));
}

}  // namespace spotcheck
