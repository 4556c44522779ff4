// Reads a knowledge base document, checks every rule of docs/kb-format.md and builds the
// compiled KnowledgeBase. Every problem is collected with its location (kb_error_reporter.h):
// a bad item (a level, a finding, a rule, a cause...) is skipped and the loader goes on with
// the next, so that one mistake hides no other; what refers to a skipped item is skipped
// silently, so that one mistake gives one error. Recovery costs nothing when there are no
// problems (a try block per item).
// Engine-internal: the generic checks are here; the data sections are in kb_loader.cpp,
// the sections that compile conditions (derived findings, rules, causes) in
// kb_loader_rules.cpp, the knowledge base's own words (`wording`) in kb_loader_wording.cpp.
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
inline constexpr std::size_t kMaxExamples = 5;   // wording.examples, shown in --help

class KbLoader {
 public:
  KbLoader(std::string_view text, std::string origin)
      : text_(text), errors_(origin, text), kb_(new KnowledgeBase()) {
    kb_->origin_ = std::move(origin);
    kb_->program_ = std::make_unique<detail::Program>();
  }

  /// The knowledge base, or null when there were errors (then in diagnostics()).
  /// `lint` also runs the logic checks (kb_lint.h) when there are no errors.
  std::shared_ptr<const KnowledgeBase> load(std::string sha256, bool lint = false);
  detail::KbErrorReporter& diagnostics() { return errors_; }

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
        // The item is still read: an unknown key hides nothing else.
        errors_.report(at / key, KbSeverity::kError, KbCheckKind::kSchema,
                       fmt::format("unknown key '{}'{}", key,
                                   hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
      }
    }
  }
  std::string id(const json& obj, const Ptr& at, std::set<std::string>& seen, const char* what) {
    std::string value = string(obj, at, "id");
    if (!is_snake_case(value))  // reported, but the item is still read: it hides nothing
      errors_.report(at / "id", KbSeverity::kError, KbCheckKind::kSchema,
                     fmt::format("{} id '{}' must be lower-case snake_case", what, value));
    if (!seen.insert(value).second)
      errors_.fail_ref(at / "id", fmt::format("duplicate {} id '{}'", what, value));
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
      errors_.unknown(detail::RefKind::kSource, source, at,
                      fmt::format("unknown source '{}'{}", source,
                                  hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
    }
    return ref;
  }
  std::size_t level(const json& obj, const Ptr& at) {
    const std::string name = string(obj, at, "level");
    const auto found = kb_->find_level(name);
    if (!found)
      errors_.unknown(detail::RefKind::kLevel, name, at / "level",
                      fmt::format("unknown triage level '{}'", name));
    return *found;
  }

  // ---- recovery --------------------------------------------------------------------
  // Runs `body`, which reads one item; if it is abandoned, the item's id (when it has a
  // readable one) is marked broken, so that what refers to it gives no second error.
  template <typename F>
  bool item(const json& obj, detail::RefKind kind, F&& body) {
    try {
      body();
      return true;
    } catch (const detail::ItemAbandoned&) {
      if (obj.is_object())
        if (const auto it = obj.find("id"); it != obj.end() && it->is_string())
          errors_.mark_broken(kind, it->get<std::string>());
      return false;
    }
  }
  // Runs `body`, which reads a whole section; if it is abandoned (the section is missing
  // or not a list), every reference into that kind of item is left unchecked.
  template <typename F>
  void section(detail::RefKind kind, F&& body) {
    try {
      body();
    } catch (const detail::ItemAbandoned&) {
      errors_.mark_section_broken(kind);
    }
  }
  // Runs `body`, which reads a part whose failure needs no more than its own error.
  template <typename F>
  bool part(F&& body) {
    try {
      body();
      return true;
    } catch (const detail::ItemAbandoned&) {
      return false;
    }
  }

  // ---- sections ------------------------------------------------------------------------
  void read(std::string sha256);
  void load_levels();
  std::string level_color(const json& level, const Ptr& at, std::size_t i, std::size_t count);
  void load_wording();
  void check_examples();
  void load_prevalence_and_thresholds();
  void load_sources();
  void load_finding(const json& f, const Ptr& at, bool derived, std::set<std::string>& seen);
  void load_choices(const json& f, const Ptr& at, Finding& out);
  void load_red_flag(const json& flag, const Ptr& at, Finding& out);
  void load_findings();
  void load_categories();
  void load_lesion_types();
  void load_must_not_miss();
  void check_unused_conditions();

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
  void compile_cases(std::size_t derived_index);
  void order_derived(const std::vector<std::vector<std::uint32_t>>& direct);
  void load_rules();
  void load_rule(const json& r, const Ptr& at, std::set<std::string>& seen);
  void add_red_flag_rules(std::set<std::string>& seen);
  void add_red_flag_rule(std::size_t f, std::set<std::string>& seen);
  void resolve_points_to();
  void resolve_points_to(std::size_t rule, const Ptr& at);
  void load_contradictions();
  void compile_ask_when();
  void compile_ask_when(std::size_t f);
  void load_screens();
  void index_questions();
  void order_nodes();
  void load_causes();
  void load_cause(const json& c, const Ptr& at, std::set<std::string>& seen);
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
  // Per finding: it failed to load and stands in only to keep the indices in file order.
  std::vector<char> finding_broken_;
  std::vector<std::vector<std::uint32_t>> direct_;  // per finding: what its cases read
};

}  // namespace spotcheck
