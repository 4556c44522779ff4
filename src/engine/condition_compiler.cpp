#include "condition_compiler.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace spotcheck::detail {
namespace {

constexpr const char* kOperators[] = {"is",  "eq",         "in",       "lt",  "le",
                                      "gt",  "ge",         "known",    "not", "all",
                                      "any", "definitely", "possibly", "ref"};

const char* type_name(FindingType t) {
  switch (t) {
    case FindingType::kBool:
      return "bool";
    case FindingType::kNumber:
      return "number";
    case FindingType::kChoice:
      return "choice";
  }
  return "?";
}

std::string format_number(double d) {
  return fmt::format("{}", d);
}

}  // namespace

ConditionCompiler::ConditionCompiler(
    const std::vector<Finding>& findings,
    const std::unordered_map<std::string, std::size_t>& finding_index,
    const std::unordered_map<std::string, double>& thresholds, const json& named_conditions,
    Program& program, KbErrorReporter& errors)
    : findings_(findings),
      finding_index_(finding_index),
      thresholds_(thresholds),
      named_(named_conditions),
      program_(program),
      errors_(errors) {}

std::uint32_t ConditionCompiler::add_node(Node node, const std::vector<std::uint32_t>& kids) {
  // Identical conditions share one node (the same test appears in many causes), so that
  // evaluating every node once per case evaluates each distinct test once.
  std::string key(reinterpret_cast<const char*>(&node.op), sizeof node.op);
  key.append(reinterpret_cast<const char*>(&node.finding), sizeof node.finding);
  key.append(reinterpret_cast<const char*>(&node.number), sizeof node.number);
  key.append(reinterpret_cast<const char*>(&node.choice_mask), sizeof node.choice_mask);
  for (const std::uint32_t k : kids) key.append(reinterpret_cast<const char*>(&k), sizeof k);
  if (const auto it = shared_.find(key); it != shared_.end()) return it->second;
  node.first_child = static_cast<std::uint32_t>(program_.children.size());
  node.child_count = static_cast<std::uint32_t>(kids.size());
  program_.children.insert(program_.children.end(), kids.begin(), kids.end());
  program_.nodes.push_back(node);
  const auto index = static_cast<std::uint32_t>(program_.nodes.size() - 1);
  shared_.emplace(std::move(key), index);
  return index;
}

std::size_t ConditionCompiler::finding_of(const json& name, const json::json_pointer& where,
                                          FindingType expected) {
  if (!name.is_string()) errors_.fail(where, "expected a finding id (a string)");
  const auto& id = name.get_ref<const std::string&>();
  const auto it = finding_index_.find(id);
  if (it == finding_index_.end()) {
    std::vector<std::string> ids;
    for (const Finding& f : findings_) ids.push_back(f.id);
    const auto hint = closest_match(id, ids);
    errors_.unknown(RefKind::kFinding, id, where,
                    fmt::format("unknown finding '{}'{}", id,
                                hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
  }
  if (findings_[it->second].type != expected)
    errors_.fail_ref(where,
                     fmt::format("finding '{}' is a {}, but this operator needs a {}", id,
                                 type_name(findings_[it->second].type), type_name(expected)));
  return it->second;
}

std::uint32_t ConditionCompiler::compile_ref(const std::string& name,
                                             const json::json_pointer& where,
                                             std::vector<std::uint32_t>& deps) {
  if (const auto done = named_done_.find(name); done != named_done_.end()) {
    deps.insert(deps.end(), done->second.deps.begin(), done->second.deps.end());
    return done->second.node;
  }
  if (errors_.is_broken(RefKind::kCondition, name)) errors_.abandon();  // reported already
  if (!named_.is_object() || !named_.contains(name)) {
    std::vector<std::string> names;
    if (named_.is_object())
      for (const auto& [key, value] : named_.items()) names.push_back(key);
    const auto hint = closest_match(name, names);
    errors_.fail_ref(where, fmt::format("unknown named condition '{}'{}", name,
                                        hint ? fmt::format(" (did you mean '{}'?)", *hint) : ""));
  }
  if (std::find(named_in_progress_.begin(), named_in_progress_.end(), name) !=
      named_in_progress_.end()) {
    std::vector<std::string> cycle = named_in_progress_;
    cycle.push_back(name);
    errors_.fail_ref(where, fmt::format("named conditions refer to each other in a cycle: {}",
                                        fmt::join(cycle, " -> ")));
  }
  if (named_in_progress_.size() == kMaxNamedChain)
    errors_.fail(where, fmt::format("named conditions refer onwards more than {} deep: {} -> ...",
                                    kMaxNamedChain, fmt::join(named_in_progress_, " -> ")));
  named_in_progress_.push_back(name);
  Compiled c;
  try {
    c.node = compile(named_[name], json::json_pointer("/conditions") / name, c.deps);
  } catch (const ItemAbandoned&) {
    // Whatever else refers to it is skipped silently: its problem was reported here.
    named_in_progress_.pop_back();
    errors_.mark_broken(RefKind::kCondition, name);
    throw;
  }
  named_in_progress_.pop_back();
  deps.insert(deps.end(), c.deps.begin(), c.deps.end());
  return named_done_.emplace(name, std::move(c)).first->second.node;
}

std::uint32_t ConditionCompiler::compile(const json& c, const json::json_pointer& where,
                                         std::vector<std::uint32_t>& deps) {
  // Compiling recurses once per level, so a hostile file nested thousands deep would
  // overflow the stack; stop it here, with its location.
  if (depth_ >= kMaxDepth)
    errors_.fail(where, fmt::format("conditions nest more than {} levels deep", kMaxDepth));
  struct Level {
    explicit Level(std::size_t& d) : depth(++d) {}
    ~Level() { --depth; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;
    std::size_t& depth;
  } level(depth_);
  if (!c.is_object() || c.size() != 1)
    errors_.fail(where,
                 "a condition is an object with exactly one operator, e.g. {\"is\": \"fever\"}");
  // (Not `*c.items().begin()`: that refers into a temporary proxy, which clang's code
  // leaves dangling.)
  const std::string& op = c.begin().key();
  const json& arg = c.begin().value();
  const json::json_pointer at = where / op;
  Node node;
  auto leaf = [&](FindingType type, const json& name, const json::json_pointer& name_at) {
    node.finding = static_cast<std::uint32_t>(finding_of(name, name_at, type));
    deps.push_back(node.finding);
  };

  if (op == "is" || op == "known") {
    node.op = op == "is" ? Op::kIs : Op::kKnown;
    if (op == "known") {
      if (!arg.is_string()) errors_.fail(at, "expected a finding id (a string)");
      const auto it = finding_index_.find(arg.get_ref<const std::string&>());
      leaf(it == finding_index_.end() ? FindingType::kBool : findings_[it->second].type, arg, at);
    } else {
      leaf(FindingType::kBool, arg, at);
    }
    return add_node(node, {});
  }
  if (op == "eq" || op == "in") {
    if (!arg.is_array() || arg.size() != 2)
      errors_.fail(
          at, fmt::format("'{}' takes [finding, {}]", op, op == "eq" ? "choice" : "[choices]"));
    leaf(FindingType::kChoice, arg[0], at / 0);
    const Finding& f = findings_[node.finding];
    // The list is not copied (nor eq's value before it is known to be a string): copying
    // a JSON value recurses as deep as it nests.
    if (op == "eq" && !arg[1].is_string()) errors_.fail(at / 1, "expected a choice (a string)");
    const json eq_values = op == "eq" ? json::array({arg[1]}) : json();
    const json& values = op == "eq" ? eq_values : arg[1];
    if (!values.is_array() || values.empty()) errors_.fail(at / 1, "expected a list of choices");
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto where_value = op == "eq" ? at / 1 : at / 1 / i;
      if (!values[i].is_string()) errors_.fail(where_value, "expected a choice (a string)");
      const auto& v = values[i].get_ref<const std::string&>();
      const auto pos = std::find(f.choices.begin(), f.choices.end(), v);
      if (pos == f.choices.end())
        errors_.fail_ref(where_value, fmt::format("'{}' is not a choice of '{}' (choices: {})", v,
                                                  f.id, fmt::join(f.choices, ", ")));
      node.choice_mask |= std::uint64_t{1} << static_cast<unsigned>(pos - f.choices.begin());
    }
    node.op = Op::kIn;
    return add_node(node, {});
  }
  if (op == "lt" || op == "le" || op == "gt" || op == "ge") {
    if (!arg.is_array() || arg.size() != 2)
      errors_.fail(at, fmt::format("'{}' takes [finding, number or threshold name]", op));
    leaf(FindingType::kNumber, arg[0], at / 0);
    if (arg[1].is_number()) {
      node.number = arg[1].get<double>();
    } else if (arg[1].is_string()) {
      const auto it = thresholds_.find(arg[1].get_ref<const std::string&>());
      if (it == thresholds_.end())
        errors_.unknown(RefKind::kThreshold, arg[1].get<std::string>(), at / 1,
                        fmt::format("unknown threshold '{}'", arg[1].get<std::string>()));
      node.number = it->second;
    } else {
      errors_.fail(at / 1, "expected a number or a threshold name");
    }
    node.op = op == "lt" ? Op::kLt : op == "le" ? Op::kLe : op == "gt" ? Op::kGt : Op::kGe;
    return add_node(node, {});
  }
  if (op == "not" || op == "definitely" || op == "possibly") {
    const std::uint32_t child = compile(arg, at, deps);
    node.op = op == "not" ? Op::kNot : op == "definitely" ? Op::kDefinitely : Op::kPossibly;
    return add_node(node, {child});
  }
  if (op == "all" || op == "any") {
    if (!arg.is_array() || arg.empty())
      errors_.fail(at, fmt::format("'{}' takes a non-empty list of conditions", op));
    std::vector<std::uint32_t> kids;
    for (std::size_t i = 0; i < arg.size(); ++i) kids.push_back(compile(arg[i], at / i, deps));
    node.op = op == "all" ? Op::kAll : Op::kAny;
    return add_node(node, kids);
  }
  if (op == "ref") {
    if (!arg.is_string()) errors_.fail(at, "expected the name of a condition (a string)");
    return compile_ref(arg.get<std::string>(), at, deps);
  }
  const std::vector<std::string> ops(std::begin(kOperators), std::end(kOperators));
  const auto hint = closest_match(op, ops);
  errors_.fail(at, fmt::format("unknown operator '{}'{}", op,
                               hint ? fmt::format(" (did you mean '{}'?)", *hint)
                                    : fmt::format(" (operators: {})", fmt::join(ops, ", "))));
}

std::string ConditionCompiler::describe(const json& c) const {
  if (!c.is_object() || c.empty()) return "?";
  // (Not `*c.items().begin()`: that refers into a temporary proxy, which clang's code
  // leaves dangling.)
  const std::string& op = c.begin().key();
  const json& arg = c.begin().value();
  auto value = [](const json& v) {
    return v.is_string()   ? v.get<std::string>()
           : v.is_number() ? format_number(v.get<double>())
                           : v.dump();
  };
  auto number = [&](const json& v) {
    if (v.is_string())
      if (const auto it = thresholds_.find(v.get<std::string>()); it != thresholds_.end())
        return format_number(it->second);
    return value(v);
  };
  if (op == "is") return value(arg);
  if (op == "known") return fmt::format("known({})", value(arg));
  if (op == "ref") return value(arg);
  if (op == "eq") return fmt::format("{}={}", value(arg[0]), value(arg[1]));
  if (op == "in") {
    std::vector<std::string> names;
    for (const auto& v : arg[1]) names.push_back(value(v));
    return fmt::format("{} in {{{}}}", value(arg[0]), fmt::join(names, ","));
  }
  if (op == "lt" || op == "le" || op == "gt" || op == "ge") {
    const char* sym = op == "lt" ? "<" : op == "le" ? "<=" : op == "gt" ? ">" : ">=";
    return fmt::format("{}{}{}", value(arg[0]), sym, number(arg[1]));
  }
  if (op == "not") {
    const std::string inner = describe(arg);
    return inner.find(' ') == std::string::npos ? "!" + inner : "!(" + inner + ")";
  }
  if (op == "definitely" || op == "possibly") return fmt::format("{}({})", op, describe(arg));
  if (op == "all" || op == "any") {
    std::vector<std::string> parts;
    for (const auto& sub : arg) {
      std::string d = describe(sub);
      parts.push_back(d.find(' ') == std::string::npos || d.front() == '(' ? d : "(" + d + ")");
    }
    return fmt::format("{}", fmt::join(parts, op == "all" ? " & " : " | "));
  }
  return "?";
}

}  // namespace spotcheck::detail
