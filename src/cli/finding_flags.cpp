#include "finding_flags.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <spotcheck/answer.h>
#include <spotcheck/error.h>

namespace spotcheck::cli {
namespace {

std::string dashed(std::string id) {
  std::replace(id.begin(), id.end(), '_', '-');
  return id;
}

// The finding a flag name (without "--") answers, and whether it is the "no-" form.
struct Named {
  std::size_t finding = 0;
  bool negated = false;
};

std::optional<Named> finding_of_flag(const KnowledgeBase& kb, std::string_view name) {
  const auto input = [&](std::optional<std::size_t> f) {
    return f && !kb.findings()[*f].derived ? f : std::nullopt;
  };
  if (const auto f = input(find_finding_named(kb, name))) return Named{*f, false};
  if (name.size() > 3 && (name.starts_with("no-") || name.starts_with("no_"))) {
    const auto f = input(find_finding_named(kb, name.substr(3)));
    if (f && kb.findings()[*f].type == FindingType::kBool) return Named{*f, true};
  }
  return std::nullopt;
}

void check_reserved(const KnowledgeBase& kb, const std::vector<std::string>& reserved) {
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f) {
    const Finding& finding = kb.findings()[f];
    for (const std::string& own : reserved) {
      const bool same = dashed(finding.id) == own;
      const bool negated = finding.type == FindingType::kBool && "no-" + dashed(finding.id) == own;
      if (same || negated)
        throw Error(fmt::format("{}: /findings/{}/id: finding '{}' would have the flag --{}, "
                                "which spotcheck uses for itself; rename the finding",
                                kb.origin(), f, finding.id, own),
                    kExitData);
    }
  }
}

}  // namespace

std::vector<Answer> take_finding_flags(const KnowledgeBase& kb, std::vector<std::string>& args,
                                       const std::vector<std::string>& reserved) {
  check_reserved(kb, reserved);
  std::vector<Answer> answers;
  std::vector<std::string> rest;
  std::vector<std::string> given(kb.input_finding_count());  // how each was given, for clashes
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {  // the end of the flags: the rest is for CLI11 as it is
      rest.insert(rest.end(), args.begin() + static_cast<long>(i), args.end());
      break;
    }
    if (!arg.starts_with("--")) {
      rest.push_back(arg);
      continue;
    }
    const std::size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const auto named = finding_of_flag(kb, name);
    if (!named) {
      rest.push_back(arg);
      continue;
    }
    const Finding& finding = kb.findings()[named->finding];
    const std::string flag = "--" + name;
    std::string text;
    if (named->negated) {
      if (eq != std::string::npos)
        throw Error(fmt::format("{} takes no value; to give '{}' a value, write --{}=VALUE", flag,
                                finding.id, dashed(finding.id)),
                    kExitUsage);
      text = "no";
    } else if (eq != std::string::npos) {
      text = arg.substr(eq + 1);
    } else if (finding.type == FindingType::kBool) {
      text = "yes";
    } else if (i + 1 < args.size()) {
      text = args[++i];  // a number or choice takes the next argument, even "-3"
    } else {
      throw Error(
          fmt::format("{} needs a value ({})", flag,
                      finding.type == FindingType::kNumber
                          ? (finding.unit.empty() ? "a number" : "a number of " + finding.unit)
                          : fmt::format("one of {}", fmt::join(finding.choices, ", "))),
          kExitUsage);
    }
    double value = 0;
    if (auto problem = parse_answer(kb, named->finding, text, flag, value))
      throw Error(problem->message, kExitUsage);
    // The same finding twice is fine when it says the same; otherwise it is a contradiction.
    std::string& before = given[named->finding];
    const auto same = std::find_if(answers.begin(), answers.end(),
                                   [&](const Answer& a) { return a.first == named->finding; });
    if (same != answers.end()) {
      const bool equal = (std::isnan(same->second) && std::isnan(value)) || same->second == value;
      if (!equal)
        throw Error(
            fmt::format("{} and {} contradict each other: give '{}' once", before, arg, finding.id),
            kExitUsage);
      continue;
    }
    before = arg;
    answers.emplace_back(named->finding, value);
  }
  args = std::move(rest);
  return answers;
}

std::string finding_flags_help(const KnowledgeBase& kb) {
  std::string out;
  std::string group = "\x01";
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f) {
    const Finding& finding = kb.findings()[f];
    if (finding.group != group) {
      group = finding.group;
      std::string title = group.empty() ? "Findings" : group;
      title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
      out += fmt::format("\nAnswers: {} (anything not given is unknown, not no)\n", title);
    }
    const std::string flag = "--" + dashed(finding.id);
    std::string spelling;
    switch (finding.type) {
      case FindingType::kBool:
        spelling = fmt::format("{}, --no-{}, {}=yes|no|unknown", flag, dashed(finding.id), flag);
        break;
      case FindingType::kNumber:
        spelling = fmt::format("{} NUMBER", flag);
        break;
      case FindingType::kChoice:
        spelling = fmt::format("{} CHOICE", flag);
        break;
    }
    out += fmt::format("  {}\n      {}", spelling, finding.question);
    if (finding.type == FindingType::kNumber)
      out += fmt::format(" ({}{} to {}{})", finding.min_exclusive ? "over " : "", finding.min,
                         finding.max, finding.unit.empty() ? "" : " " + finding.unit);
    if (finding.type == FindingType::kChoice)
      out += fmt::format(" ({})", fmt::join(finding.choices, ", "));
    out += '\n';
  }
  return out;
}

std::vector<std::string> finding_flag_names(const KnowledgeBase& kb) {
  std::vector<std::string> names;
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f) {
    const Finding& finding = kb.findings()[f];
    names.push_back("--" + dashed(finding.id));
    if (finding.type == FindingType::kBool) names.push_back("--no-" + dashed(finding.id));
  }
  return names;
}

}  // namespace spotcheck::cli
