// Reads a knowledge base document, checks every rule of docs/kb-format.md and builds the
// compiled KnowledgeBase. The first problem found is reported with its location.
// Engine-internal: the generic checks and the data sections are here; the sections that
// compile conditions (derived findings, rules, causes) are in kb_loader.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <spotcheck/error.h>
#include <spotcheck/knowledge_base.h>

#include "condition_compiler.h"
#include "json_shape.h"
#include "kb_error_reporter.h"
#include "program.h"
#include "sha256.h"

namespace spotcheck {

using json = nlohmann::json;
using Ptr = json::json_pointer;

// Limits on what a knowledge base may hold, so that a hostile or broken file gets a clear
// error rather than a crash, a stack overflow or minutes of start-up (docs/kb-format.md).
inline constexpr std::size_t kMaxDepth = 64;     // JSON nesting, so conditions too
inline constexpr std::size_t kMaxItems = 20000;  // findings, rules, causes, sources...
inline constexpr std::size_t kMaxDerived = 256;  // derived findings

class KbLoader {
 public:
  KbLoader(std::string_view text, std::string origin)
      : text_(text), errors_(origin, text), kb_(new KnowledgeBase()) {
    kb_->origin_ = std::move(origin);
    kb_->program_ = std::make_unique<detail::Program>();
  }

  std::shared_ptr<const KnowledgeBase> load(std::string sha256) {
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
    if (const auto problem = detail::check_json_shape(text_, kMaxDepth))
      errors_.fail_at(problem->offset, problem->message);
    kb_->sha256_ = sha256.empty() ? detail::sha256_hex(text_) : std::move(sha256);
    if (!doc_.is_object()) errors_.fail(Ptr(), "a knowledge base is a JSON object");
    check_keys(doc_, Ptr(),
               {"kb_format", "name", "version", "disclaimer", "triage_levels", "prevalence",
                "thresholds", "sources", "findings", "derived", "lesion_types", "categories",
                "conditions", "triage_rules", "causes", "contradictions", "screens"});
    if (number(doc_, Ptr(), "kb_format") != 1)
      errors_.fail(Ptr("/kb_format"), "unsupported kb_format (this build reads 1)");
    kb_->name_ = string(doc_, Ptr(), "name");
    kb_->version_ = string(doc_, Ptr(), "version");
    kb_->disclaimer_ = string(doc_, Ptr(), "disclaimer");
    load_levels();
    load_prevalence_and_thresholds();
    load_sources();
    load_findings();
    load_categories();
    load_lesion_types();
    compile_derived();
    load_rules();
    load_causes();
    resolve_points_to();
    load_contradictions();
    compile_ask_when();
    load_screens();
    order_nodes();
    index_questions();
    return std::shared_ptr<const KnowledgeBase>(kb_.release());
  }

 private:
  // ---- generic, located access -------------------------------------------------------
  // [a-z][a-z0-9_]*: ids become CLI flags and JSON keys, so they stay plain.
  static bool is_snake_case(const std::string& s) {
    if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
  }

  static std::string dashed(std::string id) {
    std::replace(id.begin(), id.end(), '_', '-');
    return id;
  }

  static std::string strip_id(const std::string& what) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> after ": "
    const auto pos = what.find("]: ");
    const auto colon = what.find(": ", what.find("parse error"));
    return colon != std::string::npos ? what.substr(colon + 2)
           : pos != std::string::npos ? what.substr(pos + 3)
                                      : what;
  }

  const json& member(const json& obj, const Ptr& at, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end()) errors_.fail(at, fmt::format("missing required key '{}'", key));
    return *it;
  }
  std::string string(const json& obj, const Ptr& at, const char* key) {
    const json& v = member(obj, at, key);
    if (!v.is_string()) errors_.fail(at / key, "expected a string");
    return v.get<std::string>();
  }
  std::string opt_string(const json& obj, const Ptr& at, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end()) return {};
    if (!it->is_string()) errors_.fail(at / key, "expected a string");
    return it->get<std::string>();
  }
  double number(const json& obj, const Ptr& at, const char* key) {
    const json& v = member(obj, at, key);
    if (!v.is_number()) errors_.fail(at / key, "expected a number");
    return v.get<double>();
  }
  double opt_number(const json& obj, const Ptr& at, const char* key, double fallback) {
    return obj.contains(key) ? number(obj, at, key) : fallback;
  }
  bool opt_bool(const json& obj, const Ptr& at, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end()) return false;
    if (!it->is_boolean()) errors_.fail(at / key, "expected true or false");
    return it->get<bool>();
  }
  const json& array(const json& obj, const Ptr& at, const char* key) {
    const json& v = member(obj, at, key);
    if (!v.is_array()) errors_.fail(at / key, "expected an array");
    if (v.size() > kMaxItems)
      errors_.fail(at / key, fmt::format("more than {} items (a limit of this engine)", kMaxItems));
    return v;
  }
  void check_keys(const json& obj, const Ptr& at, std::initializer_list<const char*> allowed) {
    if (!obj.is_object()) errors_.fail(at, "expected an object");
    for (const auto& item : obj.items()) {
      // (not a structured binding: clang 14 cannot capture one in a lambda)
      const std::string& key = item.key();
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
        const std::vector<std::string> names(allowed.begin(), allowed.end());
        const auto hint = closest_match(key, names);
        errors_.fail(at / key,
                     fmt::format("unknown key '{}'{}", key,
                                 hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
      }
    }
  }
  std::string id(const json& obj, const Ptr& at, std::set<std::string>& seen, const char* what) {
    std::string value = string(obj, at, "id");
    if (!is_snake_case(value))
      errors_.fail(at / "id", fmt::format("{} id '{}' must be lower-case snake_case", what, value));
    if (!seen.insert(value).second)
      errors_.fail(at / "id", fmt::format("duplicate {} id '{}'", what, value));
    return value;
  }
  std::vector<std::string> source_refs(const json& obj, const Ptr& at, const char* key,
                                       bool required) {
    std::vector<std::string> refs;
    if (!obj.contains(key)) {
      if (required)
        errors_.fail(
            at,
            fmt::format("missing required key '{}': every rule and cause names its sources", key));
      return refs;
    }
    const json& list = array(obj, at, key);
    if (required && list.empty()) errors_.fail(at / key, "needs at least one source");
    for (std::size_t i = 0; i < list.size(); ++i) refs.push_back(source_ref(list[i], at / key / i));
    return refs;
  }
  std::string source_ref(const json& v, const Ptr& at) {
    if (!v.is_string()) errors_.fail(at, "expected a source reference (\"id\" or \"id#section\")");
    const auto& ref = v.get_ref<const std::string&>();
    const std::string source = ref.substr(0, ref.find('#'));
    if (!kb_->find_source(source)) {
      std::vector<std::string> ids;
      for (const Source& s : kb_->sources_) ids.push_back(s.id);
      const auto hint = closest_match(source, ids);
      errors_.fail(at, fmt::format("unknown source '{}'{}", source,
                                   hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
    }
    return ref;
  }
  std::size_t level(const json& obj, const Ptr& at) {
    const std::string name = string(obj, at, "level");
    const auto found = kb_->find_level(name);
    if (!found) errors_.fail(at / "level", fmt::format("unknown triage level '{}'", name));
    return *found;
  }

  // ---- sections ------------------------------------------------------------------------
  void load_levels() {
    const Ptr at("/triage_levels");
    const json& list = array(doc_, Ptr(), "triage_levels");
    if (list.empty()) errors_.fail(at, "needs at least one level");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      check_keys(list[i], at / i, {"id", "label", "advice", "note"});
      kb_->levels_.push_back({id(list[i], at / i, seen, "triage level"),
                              string(list[i], at / i, "label"), string(list[i], at / i, "advice"),
                              opt_string(list[i], at / i, "note")});
    }
  }

  void load_prevalence_and_thresholds() {
    const json& prevalence = member(doc_, Ptr(), "prevalence");
    if (!prevalence.is_object() || prevalence.empty())
      errors_.fail(Ptr("/prevalence"), "expected an object of class -> log-odds");
    for (const auto& [name, value] : prevalence.items()) {
      if (!value.is_number())
        errors_.fail(Ptr("/prevalence") / name, "expected a number (log-odds)");
      priors_[name] = value.get<double>();
    }
    const json& thresholds = member(doc_, Ptr(), "thresholds");
    if (!thresholds.is_object()) errors_.fail(Ptr("/thresholds"), "expected an object");
    for (const auto& [name, value] : thresholds.items()) {
      const Ptr at = Ptr("/thresholds") / name;
      check_keys(value, at, {"value", "text", "source"});
      const double v = number(value, at, "value");
      thresholds_[name] = v;
      kb_->thresholds_.push_back({name, v, string(value, at, "text"), std::string()});
      pending_threshold_sources_.emplace_back(kb_->thresholds_.size() - 1, at);
    }
  }

  void load_sources() {
    const Ptr at("/sources");
    const json& list = array(doc_, Ptr(), "sources");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json& s = list[i];
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
    }
    for (const auto& [index, where] : pending_threshold_sources_)
      kb_->thresholds_[index].source =
          source_ref(member(doc_[where], where, "source"), where / "source");
  }

  void load_finding(const json& f, const Ptr& at, bool derived, std::set<std::string>& seen) {
    Finding out;
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
      for (const auto& item : units.items()) {
        const Ptr uat = at / "units" / item.key();
        if (!is_snake_case(item.key()))
          errors_.fail(uat, "a unit is a lower-case word such as \"cm\"");
        if (!item.value().is_number() || !(item.value().get<double>() > 0) ||
            !std::isfinite(item.value().get<double>()))
          errors_.fail(uat, fmt::format("expected the positive number of {} in one {}", out.unit,
                                        item.key()));
        out.unit_names.push_back(item.key());
        out.unit_factors.push_back(item.value().get<double>());
      }
    }
    if (out.type == FindingType::kNumber) {
      out.min = number(f, at, "min");
      out.max = number(f, at, "max");
      out.min_exclusive = opt_bool(f, at, "min_exclusive");
      if (!(out.min < out.max)) errors_.fail(at / "max", "max must be greater than min");
    }
    if (out.type == FindingType::kChoice) {
      const json& choices = array(f, at, "choices");
      if (choices.empty() || choices.size() > 64)
        errors_.fail(at / "choices", "needs 1 to 64 choices");
      std::set<std::string> seen_choices;
      for (std::size_t i = 0; i < choices.size(); ++i) {
        if (!choices[i].is_string() || !is_snake_case(choices[i].get<std::string>()))
          errors_.fail(at / "choices" / i, "a choice is a lower-case snake_case string");
        if (!seen_choices.insert(choices[i].get<std::string>()).second)
          errors_.fail(at / "choices" / i, "duplicate choice");
        out.choices.push_back(choices[i].get<std::string>());
      }
      out.choice_help.assign(out.choices.size(), std::string());
      if (f.contains("choice_help")) {
        const json& help = f["choice_help"];
        if (!help.is_object())
          errors_.fail(at / "choice_help", "expected an object of choice -> text");
        for (const auto& [choice, text] : help.items()) {
          const auto pos = std::find(out.choices.begin(), out.choices.end(), choice);
          if (pos == out.choices.end())
            errors_.fail(at / "choice_help" / choice,
                         fmt::format("'{}' is not one of the choices", choice));
          if (!text.is_string()) errors_.fail(at / "choice_help" / choice, "expected a string");
          out.choice_help[static_cast<std::size_t>(pos - out.choices.begin())] =
              text.get<std::string>();
        }
      }
    }
    index_[out.id] = kb_->findings_.size();
    kb_->findings_.push_back(std::move(out));
  }

  // A red flag names the minimum level it sets when present, why, and the sources that say
  // so; the loader turns it into a triage rule (load_rules), so it cannot be forgotten.
  void load_red_flag(const json& flag, const Ptr& at, Finding& out) {
    if (!flag.is_object())
      errors_.fail(at,
                   "a red flag is an object {\"floor\": LEVEL, \"text\": ..., "
                   "\"sources\": [...]}: every red flag sets a minimum triage level");
    check_keys(flag, at, {"floor", "text", "sources", "points_to"});
    if (out.type != FindingType::kBool) errors_.fail(at, "only a yes/no finding can be a red flag");
    const std::string name = string(flag, at, "floor");
    const auto floor = kb_->find_level(name);
    if (!floor) errors_.fail(at / "floor", fmt::format("unknown triage level '{}'", name));
    if (*floor + 1 == kb_->levels_.size())
      errors_.fail(at / "floor",
                   fmt::format("a red flag's floor must be more urgent than '{}'", name));
    string(flag, at, "text");
    source_refs(flag, at, "sources", true);
    out.red_flag = true;
    out.floor = *floor;
  }

  void load_findings() {
    std::set<std::string> seen;
    const json& inputs = array(doc_, Ptr(), "findings");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const Ptr at = Ptr("/findings") / i;
      check_keys(inputs[i], at,
                 {"id", "type", "question", "help", "group", "unit", "units", "min", "max",
                  "min_exclusive", "choices", "choice_help", "red_flag", "ask_when"});
      load_finding(inputs[i], at, false, seen);
    }
    kb_->input_count_ = kb_->findings_.size();
    // `--no-x` is the flag of x's absence, so no finding may be called no_x beside x.
    for (std::size_t i = 0; i < kb_->input_count_; ++i) {
      const Finding& f = kb_->findings_[i];
      if (f.id.rfind("no_", 0) != 0) continue;
      const auto other = index_.find(f.id.substr(3));
      if (other != index_.end() && kb_->findings_[other->second].type == FindingType::kBool)
        errors_.fail(Ptr("/findings") / i / "id",
                     fmt::format("finding '{}' would have the flag --{}, which already means "
                                 "'{}' is absent; rename it",
                                 f.id, dashed(f.id), f.id.substr(3)));
    }
    const json& derived = array(doc_, Ptr(), "derived");
    if (derived.size() > kMaxDerived)
      errors_.fail(Ptr("/derived"), fmt::format("more than {} derived findings", kMaxDerived));
    for (std::size_t i = 0; i < derived.size(); ++i) {
      const Ptr at = Ptr("/derived") / i;
      check_keys(derived[i], at,
                 {"id", "type", "question", "help", "choices", "choice_help", "cases", "otherwise",
                  "min", "max", "unit"});
      load_finding(derived[i], at, true, seen);
    }
    kb_->index_findings();
    if (const auto lt = kb_->find_finding("lesion_type"); lt && kb_->findings_[*lt].derived) {
      // The result's `lesion` object names one of its choices: it must have them.
      if (kb_->findings_[*lt].type != FindingType::kChoice)
        errors_.fail(Ptr("/derived") / (*lt - kb_->input_count_) / "type",
                     "lesion_type gives the result's lesion type, so it must be a choice finding");
      kb_->lesion_type_finding_ = lt;
    }
  }

  void load_categories() {
    std::set<std::string> seen;
    const json& list = array(doc_, Ptr(), "categories");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Ptr at = Ptr("/categories") / i;
      check_keys(list[i], at, {"id", "name", "description"});
      kb_->categories_.push_back({id(list[i], at, seen, "category"), string(list[i], at, "name"),
                                  opt_string(list[i], at, "description")});
    }
  }

  void load_lesion_types() {
    std::set<std::string> seen;
    const json& list = array(doc_, Ptr(), "lesion_types");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Ptr at = Ptr("/lesion_types") / i;
      check_keys(list[i], at, {"id", "name", "hpo", "size", "description"});
      LesionType t{id(list[i], at, seen, "lesion type"), string(list[i], at, "name"),
                   opt_string(list[i], at, "hpo"), opt_string(list[i], at, "size"),
                   string(list[i], at, "description")};
      if (kb_->lesion_type_finding_) {
        const auto& choices = kb_->findings_[*kb_->lesion_type_finding_].choices;
        if (std::find(choices.begin(), choices.end(), t.id) == choices.end())
          errors_.fail(at / "id",
                       fmt::format("lesion type '{}' is not a value of lesion_type", t.id));
      }
      kb_->lesion_types_.push_back(std::move(t));
    }
  }

  detail::ConditionCompiler& compiler() {
    if (!compiler_) {
      static const json kNone = json::object();
      const json* named = doc_.contains("conditions") ? &doc_["conditions"] : &kNone;
      compiler_ = std::make_unique<detail::ConditionCompiler>(kb_->findings_, index_, thresholds_,
                                                              *named, *kb_->program_, errors_);
    }
    return *compiler_;
  }

  void compile_derived();
  void load_rules();
  void add_red_flag_rules(std::set<std::string>& seen);
  void resolve_points_to();
  void load_contradictions();
  void compile_ask_when();
  void load_screens();
  void index_questions();
  void order_nodes();
  void load_causes();
  std::vector<std::uint32_t> expand_inputs(const std::vector<std::uint32_t>& deps) const;

  std::string_view text_;
  detail::KbErrorReporter errors_;
  std::unique_ptr<KnowledgeBase> kb_;
  json doc_;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::string, double> thresholds_;
  std::unordered_map<std::string, double> priors_;
  std::vector<std::pair<std::size_t, Ptr>> pending_threshold_sources_;
  std::unique_ptr<detail::ConditionCompiler> compiler_;
  std::vector<std::vector<std::uint32_t>> derived_inputs_;      // per finding, once computed
  std::vector<std::pair<std::size_t, Ptr>> pending_points_to_;  // rule, where its list is
};

}  // namespace spotcheck
