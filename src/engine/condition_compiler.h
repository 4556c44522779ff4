// Compiles knowledge-base conditions (docs/kb-format.md) into Program nodes, checking
// operators, finding types, choices and threshold names as it goes.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include <spotcheck/knowledge_base.h>

#include "kb_error_reporter.h"
#include "program.h"

namespace spotcheck::detail {

/// How deep named conditions may refer onwards (a -> b -> c ...): compiling follows them
/// recursively, so a hostile chain must end in an error, not a stack overflow.
inline constexpr std::size_t kMaxNamedChain = 32;

class ConditionCompiler {
 public:
  using json = nlohmann::json;

  ConditionCompiler(const std::vector<Finding>& findings,
                    const std::unordered_map<std::string, std::size_t>& finding_index,
                    const std::unordered_map<std::string, double>& thresholds,
                    const json& named_conditions, Program& program, KbErrorReporter& errors);

  /// Compiles `c` (found at `where`) and returns its node. Adds every finding the
  /// condition reads directly (derived ones not expanded) to `deps`.
  std::uint32_t compile(const json& c, const json::json_pointer& where,
                        std::vector<std::uint32_t>& deps);

  /// The condition in compact notation: "fever", "!fever", "lesion_type=petechiae",
  /// "age<16", "(a & b)", "(a | b)".
  std::string describe(const json& c) const;

  /// Whether named condition `name` was compiled (some condition referred to it).
  bool was_used(const std::string& name) const { return named_done_.count(name) != 0; }

 private:
  std::uint32_t add_node(Node node, const std::vector<std::uint32_t>& kids);
  std::size_t finding_of(const json& name, const json::json_pointer& where, FindingType expected);
  std::uint32_t compile_ref(const std::string& name, const json::json_pointer& where,
                            std::vector<std::uint32_t>& deps);

  const std::vector<Finding>& findings_;
  const std::unordered_map<std::string, std::size_t>& finding_index_;
  const std::unordered_map<std::string, double>& thresholds_;
  const json& named_;
  Program& program_;
  KbErrorReporter& errors_;

  struct Compiled {
    std::uint32_t node;
    std::vector<std::uint32_t> deps;
  };
  std::unordered_map<std::string, Compiled> named_done_;
  std::unordered_map<std::string, std::uint32_t> shared_;  // node key -> node
  std::vector<std::string> named_in_progress_;
  // Nesting of the condition being compiled, named conditions it refers to included.
  // The built-in knowledge base nests 7 deep.
  static constexpr std::size_t kMaxDepth = 100;
  std::size_t depth_ = 0;
};

}  // namespace spotcheck::detail
