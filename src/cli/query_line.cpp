#include "query_line.h"

#include <cstdlib>

#include <fmt/format.h>

namespace spotcheck::cli {
namespace {

std::string dashed(std::string id) {
  for (char& ch : id)
    if (ch == '_') ch = '-';
  return id;
}

}  // namespace

std::string shell_quoted(std::string_view text) {
  const bool safe = !text.empty() && text.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789._+-/=:,@%") == std::string_view::npos;
  if (safe) return std::string(text);
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string query_command_line(const KnowledgeBase& kb, const Case& c,
                               const std::vector<std::string>& typed, const std::string& kb_path) {
  std::string out = "spotcheck query";
  if (!kb_path.empty()) out += " --kb " + shell_quoted(kb_path);
  return out + answer_flags(kb, c, typed);
}

std::string answer_flags(const KnowledgeBase& kb, const Case& c,
                         const std::vector<std::string>& typed) {
  std::string out;
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f) {
    if (!c.known(f)) continue;
    const Finding& finding = kb.findings()[f];
    const std::string flag = "--" + dashed(finding.id);
    switch (finding.type) {
      case FindingType::kBool:
        out += c.value(f) != 0 ? " " + flag : " --no-" + dashed(finding.id);
        break;
      case FindingType::kChoice:
        out += fmt::format(" {} {}", flag, finding.choices[static_cast<std::size_t>(c.value(f))]);
        break;
      case FindingType::kNumber: {
        // As typed when that had a unit ("6m"); a plain number is written canonically.
        const bool have_text = f < typed.size() && !typed[f].empty() &&
                               std::strtod(typed[f].c_str(), nullptr) != c.value(f);
        out += fmt::format(" {} {}", flag,
                           have_text ? shell_quoted(typed[f]) : fmt::format("{}", c.value(f)));
        break;
      }
    }
  }
  return out;
}

}  // namespace spotcheck::cli
