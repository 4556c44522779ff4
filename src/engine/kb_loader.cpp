// The loader's entry point and the data sections (levels, prevalence, thresholds,
// sources, findings, categories, lesion types, must-not-miss causes); kb_loader.h says how
// problems are collected.
#include "kb_loader.h"

#include "kb_lint.h"

namespace spotcheck {

std::shared_ptr<const KnowledgeBase> KbLoader::load(std::string sha256, bool lint) {
  try {
    read(std::move(sha256));
    if (errors_.errors() != 0) return nullptr;
    order_nodes();
    index_questions();
    std::shared_ptr<const KnowledgeBase> kb(kb_.release());
    if (lint) detail::lint_knowledge_base(*kb, doc_, errors_);
    return kb;
  } catch (const detail::LoadStopped&) {
    return nullptr;
  } catch (const detail::ItemAbandoned&) {
    return nullptr;  // the document as a whole (not an object, say)
  }
}

void KbLoader::read(std::string sha256) {
  try {
    doc_ = json::parse(text_.begin(), text_.end());
  } catch (const json::parse_error& e) {
    // e.byte is 1-based and points at the last byte read.
    errors_.fail_at(e.byte == 0 ? 0 : e.byte - 1,
                    fmt::format("invalid JSON: {}", strip_id(e.what())));
  } catch (const json::exception& e) {
    // A number beyond double range ("number overflow parsing '1e309'"): nlohmann gives
    // no position, but the message quotes the number, so find it.
    std::string what = e.what();
    what = what.substr(what.find("] ") == std::string::npos ? 0 : what.find("] ") + 2);
    const auto quote = what.find('\'');
    const std::string literal =
        quote == std::string::npos ? "" : what.substr(quote + 1, what.rfind('\'') - quote - 1);
    const std::size_t at = literal.empty() ? 0 : text_.find(literal);
    errors_.fail_at(at == std::string_view::npos ? 0 : at, fmt::format("invalid JSON: {}", what));
  }
  for (const auto& problem : detail::check_json_shape(text_, kMaxDepth)) {
    if (problem.too_deep) {
      // (Its pointer, 64 levels of it, would say less than the place.)
      errors_.report_at(problem.offset, KbSeverity::kError, KbCheckKind::kSchema, problem.message);
      throw detail::LoadStopped{};
    }
    errors_.report_located(problem.offset, problem.pointer, KbSeverity::kError,
                           KbCheckKind::kSchema, problem.message);
  }
  if (text_.starts_with("\xEF\xBB\xBF"))
    errors_.report_at(0, KbSeverity::kWarning, KbCheckKind::kSyntax,
                      "the file starts with a byte order mark (U+FEFF), which JSON "
                      "text should not have; it is ignored");
  kb_->sha256_ = sha256.empty() ? detail::sha256_hex(text_) : std::move(sha256);
  if (!doc_.is_object()) errors_.fail(Ptr(), "a knowledge base is a JSON object");
  // Another format version would make everything after this noise: stop at it.
  part([&] {
    if (number(doc_, Ptr(), "kb_format") != 1) {
      errors_.report(Ptr("/kb_format"), KbSeverity::kError, KbCheckKind::kSchema,
                     "unsupported kb_format (this build reads 1)");
      throw detail::LoadStopped{};
    }
  });
  check_keys(doc_, Ptr(),
             {"kb_format",      "name",          "version",    "disclaimer",     "triage_levels",
              "prevalence",     "thresholds",    "sources",    "findings",       "derived",
              "lesion_types",   "categories",    "conditions", "triage_rules",   "causes",
              "contradictions", "must_not_miss", "screens",    "lesion_finding", "wording"});
  part([&] {
    // Conditions are compiled as they are used: an unreadable list must not give an error
    // at every use.
    if (doc_.contains("conditions") && !doc_["conditions"].is_object()) {
      errors_.mark_section_broken(detail::RefKind::kCondition);
      errors_.fail(Ptr("/conditions"), "expected an object of name -> condition");
    }
  });
  part([&] { kb_->name_ = string(doc_, Ptr(), "name"); });
  part([&] { kb_->version_ = string(doc_, Ptr(), "version"); });
  part([&] { kb_->disclaimer_ = string(doc_, Ptr(), "disclaimer"); });
  section(detail::RefKind::kLevel, [&] { load_levels(); });
  part([&] { load_wording(); });
  load_prevalence_and_thresholds();
  section(detail::RefKind::kSource, [&] { load_sources(); });
  load_findings();
  section(detail::RefKind::kCategory, [&] { load_categories(); });
  part([&] { load_lesion_types(); });
  compile_derived();
  part([&] { load_rules(); });
  section(detail::RefKind::kCause, [&] { load_causes(); });
  resolve_points_to();
  part([&] { load_must_not_miss(); });
  part([&] { load_contradictions(); });
  compile_ask_when();
  load_screens();
  part([&] { check_examples(); });
  check_unused_conditions();
}

void KbLoader::load_levels() {
  const Ptr at("/triage_levels");
  const json& list = array(doc_, Ptr(), "triage_levels");
  if (list.empty()) errors_.fail(at, "needs at least one level");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    item(list[i], detail::RefKind::kLevel, [&] {
      check_keys(list[i], at / i, {"id", "label", "advice", "note", "color"});
      TriageLevel level{id(list[i], at / i, seen, "triage level"), string(list[i], at / i, "label"),
                        string(list[i], at / i, "advice"), opt_string(list[i], at / i, "note"),
                        level_color(list[i], at / i, i, list.size())};
      kb_->levels_.push_back(std::move(level));
    });
  }
}

// A level's colour, or the default for its position: the most urgent white on red, the
// least urgent green, those between red then yellow (so any number of levels reads right).
std::string KbLoader::level_color(const json& level, const Ptr& at, std::size_t i,
                                  std::size_t count) {
  const std::string color = opt_string(level, at, "color");
  if (color.empty())
    return i == 0 ? "white_on_red" : i + 1 == count ? "green" : i == 1 ? "red" : "yellow";
  if (std::none_of(std::begin(kLevelColors), std::end(kLevelColors),
                   [&](const char* c) { return color == c; }))
    errors_.fail(at / "color", fmt::format("unknown colour '{}' (one of {})", color,
                                           fmt::join(kLevelColors, ", ")));
  return color;
}

void KbLoader::load_prevalence_and_thresholds() {
  section(detail::RefKind::kPrevalence, [&] {
    const json& prevalence = member(doc_, Ptr(), "prevalence");
    if (!prevalence.is_object() || prevalence.empty())
      errors_.fail(Ptr("/prevalence"), "expected an object of class -> log-odds");
    for (const auto& [name, value] : prevalence.items()) {
      if (!value.is_number()) {
        errors_.report(Ptr("/prevalence") / name, KbSeverity::kError, KbCheckKind::kSchema,
                       "expected a number (log-odds)");
        errors_.mark_broken(detail::RefKind::kPrevalence, name);
        continue;
      }
      priors_[name] = value.get<double>();
    }
  });
  section(detail::RefKind::kThreshold, [&] {
    const json& thresholds = member(doc_, Ptr(), "thresholds");
    if (!thresholds.is_object()) errors_.fail(Ptr("/thresholds"), "expected an object");
    for (const auto& entry : thresholds.items()) {
      // (Not a structured binding: clang 14 cannot capture one in a lambda.)
      const std::string& name = entry.key();
      const json& value = entry.value();
      const Ptr at = Ptr("/thresholds") / name;
      const bool ok = item(value, detail::RefKind::kThreshold, [&] {
        check_keys(value, at, {"value", "text", "source"});
        const double v = number(value, at, "value");
        const std::string text = string(value, at, "text");
        thresholds_[name] = v;
        kb_->thresholds_.push_back({name, v, text, std::string()});
        pending_threshold_sources_.emplace_back(kb_->thresholds_.size() - 1, at);
      });
      if (!ok) errors_.mark_broken(detail::RefKind::kThreshold, name);
    }
  });
}

void KbLoader::load_sources() {
  const Ptr at("/sources");
  const json& list = array(doc_, Ptr(), "sources");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& s = list[i];
    item(s, detail::RefKind::kSource, [&] {
      check_keys(s, at / i, {"id", "title", "publisher", "year", "url", "grade", "note"});
      Source src;
      src.id = id(s, at / i, seen, "source");
      src.title = string(s, at / i, "title");
      src.publisher = opt_string(s, at / i, "publisher");
      src.url = opt_string(s, at / i, "url");
      src.grade = opt_string(s, at / i, "grade");
      const double year = opt_number(s, at / i, "year", 0);
      if (!(year >= 0 && year <= 9999) || year != std::floor(year))
        errors_.fail(at / i / "year", "a year is a whole number from 0 to 9999");
      src.year = static_cast<int>(year);
      kb_->sources_.push_back(std::move(src));
    });
  }
  for (const auto& pending : pending_threshold_sources_)
    part([&] {
      const auto& [index, where] = pending;
      kb_->thresholds_[index].source =
          source_ref(member(doc_[where], where, "source"), where / "source");
    });
}

void KbLoader::load_finding(const json& f, const Ptr& at, bool derived,
                            std::set<std::string>& seen) {
  Finding out;
  const bool ok = item(f, detail::RefKind::kFinding, [&] {
    if (!f.is_object()) errors_.fail(at, "expected an object");
    out.id = id(f, at, seen, "finding");
    out.derived = derived;
    const std::string type = string(f, at, "type");
    if (type == "bool")
      out.type = FindingType::kBool;
    else if (type == "number")
      out.type = FindingType::kNumber;
    else if (type == "choice")
      out.type = FindingType::kChoice;
    else
      errors_.fail(at / "type", fmt::format("unknown type '{}' (bool, number or choice)", type));
    out.question = string(f, at, "question");
    out.help = opt_string(f, at, "help");
    out.group = opt_string(f, at, "group");
    out.unit = opt_string(f, at, "unit");
    if (f.contains("red_flag")) load_red_flag(f["red_flag"], at / "red_flag", out);
    if (f.contains("units")) {
      if (out.type != FindingType::kNumber || out.unit.empty())
        errors_.fail(at / "units", "only a number finding with a 'unit' can have other units");
      const json& units = f["units"];
      if (!units.is_object()) errors_.fail(at / "units", "expected an object of unit -> factor");
      for (const auto& u : units.items()) {
        const Ptr uat = at / "units" / u.key();
        if (!is_snake_case(u.key()))
          errors_.fail(uat, "a unit is a lower-case word such as \"cm\"");
        if (!u.value().is_number() || !(u.value().get<double>() > 0) ||
            !std::isfinite(u.value().get<double>()))
          errors_.fail(
              uat, fmt::format("expected the positive number of {} in one {}", out.unit, u.key()));
        out.unit_names.push_back(u.key());
        out.unit_factors.push_back(u.value().get<double>());
      }
    }
    if (out.type == FindingType::kNumber) {
      out.min = number(f, at, "min");
      out.max = number(f, at, "max");
      out.min_exclusive = opt_bool(f, at, "min_exclusive");
      if (!(out.min < out.max)) errors_.fail(at / "max", "max must be greater than min");
    }
    if (out.type == FindingType::kChoice) load_choices(f, at, out);
  });
  if (ok) {
    index_[out.id] = kb_->findings_.size();
  } else {
    // A stand-in keeps the findings at their indices; its id can match no reference.
    out = Finding();
    out.id = fmt::format("\x01unreadable{}", kb_->findings_.size());
    out.derived = derived;
  }
  finding_broken_.push_back(ok ? 0 : 1);
  kb_->findings_.push_back(std::move(out));
}

void KbLoader::load_choices(const json& f, const Ptr& at, Finding& out) {
  const json& choices = array(f, at, "choices");
  if (choices.empty() || choices.size() > 64) errors_.fail(at / "choices", "needs 1 to 64 choices");
  std::set<std::string> seen_choices;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (!choices[i].is_string() || !is_snake_case(choices[i].get<std::string>()))
      errors_.fail(at / "choices" / i, "a choice is a lower-case snake_case string");
    if (!seen_choices.insert(choices[i].get<std::string>()).second)
      errors_.fail(at / "choices" / i, "duplicate choice");
    out.choices.push_back(choices[i].get<std::string>());
  }
  out.choice_help.assign(out.choices.size(), std::string());
  if (!f.contains("choice_help")) return;
  const json& help = f["choice_help"];
  if (!help.is_object()) errors_.fail(at / "choice_help", "expected an object of choice -> text");
  for (const auto& [choice, text] : help.items()) {
    const auto pos = std::find(out.choices.begin(), out.choices.end(), choice);
    if (pos == out.choices.end())
      errors_.fail_ref(at / "choice_help" / choice,
                       fmt::format("'{}' is not one of the choices", choice));
    if (!text.is_string()) errors_.fail(at / "choice_help" / choice, "expected a string");
    out.choice_help[static_cast<std::size_t>(pos - out.choices.begin())] = text.get<std::string>();
  }
}

// A red flag names the minimum level it sets when present, why, and the sources that say
// so; the loader turns it into a triage rule (load_rules), so it cannot be forgotten.
void KbLoader::load_red_flag(const json& flag, const Ptr& at, Finding& out) {
  if (!flag.is_object())
    errors_.fail(at,
                 "a red flag is an object {\"floor\": LEVEL, \"text\": ..., "
                 "\"sources\": [...]}: every red flag sets a minimum triage level");
  check_keys(flag, at, {"floor", "text", "sources", "points_to"});
  if (out.type != FindingType::kBool) errors_.fail(at, "only a yes/no finding can be a red flag");
  const std::string name = string(flag, at, "floor");
  const auto floor = kb_->find_level(name);
  if (!floor)
    errors_.unknown(detail::RefKind::kLevel, name, at / "floor",
                    fmt::format("unknown triage level '{}'", name));
  if (*floor + 1 == kb_->levels_.size())
    errors_.fail(at / "floor",
                 fmt::format("a red flag's floor must be more urgent than '{}'", name));
  string(flag, at, "text");
  source_refs(flag, at, "sources", true);
  out.red_flag = true;
  out.floor = *floor;
}

// Either list failing (not a list, say) leaves references to findings unchecked, since
// some of them would name its findings; the other list is read all the same, and the
// index of findings is built whatever failed.
void KbLoader::load_findings() {
  std::set<std::string> seen;
  section(detail::RefKind::kFinding, [&] {
    const json& inputs = array(doc_, Ptr(), "findings");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const Ptr at = Ptr("/findings") / i;
      if (inputs[i].is_object())
        check_keys(inputs[i], at,
                   {"id", "type", "question", "help", "group", "unit", "units", "min", "max",
                    "min_exclusive", "choices", "choice_help", "red_flag", "ask_when"});
      load_finding(inputs[i], at, false, seen);
    }
  });
  kb_->input_count_ = kb_->findings_.size();
  // `--no-x` is the flag of x's absence, so no finding may be called no_x beside x.
  for (std::size_t i = 0; i < kb_->input_count_; ++i) {
    const Finding& f = kb_->findings_[i];
    if (f.id.rfind("no_", 0) != 0) continue;
    const auto other = index_.find(f.id.substr(3));
    if (other != index_.end() && kb_->findings_[other->second].type == FindingType::kBool)
      part([&] {
        errors_.fail_ref(Ptr("/findings") / i / "id",
                         fmt::format("finding '{}' would have the flag --{}, which already means "
                                     "'{}' is absent; rename it",
                                     f.id, dashed(f.id), f.id.substr(3)));
      });
  }
  section(detail::RefKind::kFinding, [&] {
    const json& derived = array(doc_, Ptr(), "derived");
    if (derived.size() > kMaxDerived)
      errors_.fail(Ptr("/derived"), fmt::format("more than {} derived findings", kMaxDerived));
    for (std::size_t i = 0; i < derived.size(); ++i) {
      const Ptr at = Ptr("/derived") / i;
      if (derived[i].is_object())
        check_keys(derived[i], at,
                   {"id", "type", "question", "help", "choices", "choice_help", "cases",
                    "otherwise", "min", "max", "unit"});
      load_finding(derived[i], at, true, seen);
    }
  });
  kb_->index_findings();
  part([&] {
    // The derived finding the result reports as its `lesion` object is named by the file
    // (none: results have no `lesion`). The object names one of its choices: it must have
    // them.
    const std::string name = opt_string(doc_, Ptr(), "lesion_finding");
    if (name.empty()) return;
    const auto lt = kb_->find_finding(name);
    if (!lt || !kb_->findings_[*lt].derived)
      errors_.fail(Ptr("/lesion_finding"),
                   fmt::format("'{}' is not a derived finding (see /derived)", name));
    if (kb_->findings_[*lt].type != FindingType::kChoice)
      errors_.fail(
          Ptr("/lesion_finding"),
          fmt::format("{} gives the result's lesion type, so it must be a choice finding", name));
    kb_->lesion_type_finding_ = lt;
  });
}

void KbLoader::load_categories() {
  std::set<std::string> seen;
  const json& list = array(doc_, Ptr(), "categories");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Ptr at = Ptr("/categories") / i;
    item(list[i], detail::RefKind::kCategory, [&] {
      check_keys(list[i], at, {"id", "name", "description"});
      Category c{id(list[i], at, seen, "category"), string(list[i], at, "name"),
                 opt_string(list[i], at, "description")};
      kb_->categories_.push_back(std::move(c));
    });
  }
}

void KbLoader::load_lesion_types() {
  std::set<std::string> seen;
  const json& list = array(doc_, Ptr(), "lesion_types");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Ptr at = Ptr("/lesion_types") / i;
    part([&] {
      check_keys(list[i], at, {"id", "name", "hpo", "size", "description"});
      LesionType t{id(list[i], at, seen, "lesion type"), string(list[i], at, "name"),
                   opt_string(list[i], at, "hpo"), opt_string(list[i], at, "size"),
                   string(list[i], at, "description")};
      if (kb_->lesion_type_finding_) {
        const auto& choices = kb_->findings_[*kb_->lesion_type_finding_].choices;
        if (std::find(choices.begin(), choices.end(), t.id) == choices.end())
          errors_.fail_ref(at / "id", fmt::format("lesion type '{}' is not a value of {}", t.id,
                                                  kb_->findings_[*kb_->lesion_type_finding_].id));
      }
      kb_->lesion_types_.push_back(std::move(t));
    });
  }
}

// The causes nobody should be allowed to miss (docs/contract.md section 4): data, so that
// `kb validate` can check each exists (here) and that some rule points to it (kb_lint).
void KbLoader::load_must_not_miss() {
  if (!doc_.contains("must_not_miss")) return;
  const Ptr at("/must_not_miss");
  const json& list = array(doc_, Ptr(), "must_not_miss");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    part([&] {
      if (!list[i].is_string()) errors_.fail(at / i, "expected a cause id (a string)");
      const std::string& name = list[i].get_ref<const std::string&>();
      if (!seen.insert(name).second) errors_.fail_ref(at / i, "the same cause is named twice");
      if (!kb_->find_cause(name)) {
        std::vector<std::string> ids;
        for (const Cause& c : kb_->causes_) ids.push_back(c.id);
        const auto hint = closest_match(name, ids);
        errors_.unknown(detail::RefKind::kCause, name, at / i,
                        fmt::format("unknown cause '{}'{}", name,
                                    hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
      }
    });
  }
}

// A named condition that nothing uses is never compiled, so never checked: say so.
void KbLoader::check_unused_conditions() {
  const auto it = doc_.find("conditions");
  // With errors, what would have used a condition may have been skipped.
  if (it == doc_.end() || !it->is_object() || errors_.errors() != 0) return;
  for (const auto& named : it->items())
    if (!compiler().was_used(named.key()))
      errors_.report(
          Ptr("/conditions") / named.key(), KbSeverity::kWarning, KbCheckKind::kLogic,
          fmt::format("named condition '{}' is used by nothing (and so not checked)", named.key()));
}

}  // namespace spotcheck
