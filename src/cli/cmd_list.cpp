// spotcheck list: what the knowledge base holds, as aligned text or JSON.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <spotcheck/presentation.h>

#include "commands.h"
#include "output.h"

namespace spotcheck::cli {
namespace {

using ojson = nlohmann::ordered_json;

const char* type_name(FindingType t) {
  return t == FindingType::kBool ? "bool" : t == FindingType::kNumber ? "number" : "choice";
}

// Rows of cells as columns padded to the widest cell, the last column left free.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      out += i + 1 == row.size() ? row[i] : fmt::format("{:<{}}  ", row[i], width[i]);
    out += '\n';
  }
  return out;
}

ojson finding_json(const Presentation& p, std::size_t index) {
  const Finding& f = p.kb().findings()[index];
  ojson j = {{"id", f.id},           {"type", type_name(f.type)},
             {"derived", f.derived}, {"red_flag", f.red_flag},
             {"group", f.group},     {"question", f.question},
             {"help", f.help}};
  // The level a red flag sets at least, not only that it is one (additive to "red_flag").
  if (f.red_flag) j["red_flag_floor"] = p.kb().triage_levels()[f.floor].id;
  if (!f.derived) j["flag"] = p.flag(index);
  if (!f.ask_when.empty()) j["ask_when"] = f.ask_when;
  if (f.type == FindingType::kNumber) {
    j["unit"] = f.unit;
    j["min"] = f.min;
    j["max"] = f.max;
    j["min_exclusive"] = f.min_exclusive;
  }
  if (f.type == FindingType::kChoice) j["choices"] = f.choices;
  return j;
}

}  // namespace

int run_list(const Context& ctx, const ListOptions& opts) {
  const KnowledgeBase& kb = *ctx.kb;
  ojson items = ojson::array();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // findings: each one's help text, under its row
  if (opts.what == "findings") {
    const Presentation p(kb);
    rows.push_back({"ID", "TYPE", "FLAG", "QUESTION"});
    for (std::size_t i = 0; i < kb.findings().size(); ++i) {
      const Finding& f = kb.findings()[i];
      items.push_back(finding_json(p, i));
      std::string type = type_name(f.type);
      if (f.type == FindingType::kChoice)
        type += " {" + fmt::format("{}", fmt::join(f.choices, ",")) + "}";
      if (f.type == FindingType::kNumber)
        type += fmt::format(" ({}{} to {}{})", f.min_exclusive ? "over " : "", f.min, f.max,
                            f.unit.empty() ? "" : " " + f.unit);
      rows.push_back({f.id, type, p.flag(i), f.question});
      // How to answer it, and what a yes sets at least: both said in words under the row.
      std::string note = f.help;
      if (f.red_flag)
        note += fmt::format("{}Red flag: when present, at least {}.", note.empty() ? "" : " ",
                            kb.triage_levels()[f.floor].label);
      notes.push_back(note);
    }
  } else if (opts.what == "causes") {
    rows.push_back({"ID", "CATEGORY", "PREVALENCE", "NAME"});
    for (const Cause& c : kb.causes()) {
      const std::string& category = kb.categories()[c.category].id;
      items.push_back({{"id", c.id},
                       {"name", c.name},
                       {"clinical_name", c.clinical_name},
                       {"category", category},
                       {"prevalence", c.prevalence}});
      rows.push_back({c.id, category, c.prevalence, c.name});
    }
  } else if (opts.what == "categories") {
    rows.push_back({"ID", "NAME", "COVERS"});
    for (const Category& c : kb.categories()) {
      items.push_back({{"id", c.id}, {"name", c.name}, {"description", c.description}});
      rows.push_back({c.id, c.name, c.description});
    }
  } else if (opts.what == "lesions") {
    rows.push_back({"ID", "HPO", "SIZE", "NAME"});
    for (const LesionType& t : kb.lesion_types()) {
      items.push_back({{"id", t.id},
                       {"name", t.name},
                       {"hpo", t.hpo},
                       {"size", t.size},
                       {"description", t.description}});
      rows.push_back({t.id, t.hpo, t.size, t.name});
    }
  } else if (opts.what == "rules") {
    rows.push_back({"ID", "LEVEL", "WHEN"});
    for (const TriageRule& r : kb.triage_rules()) {
      const std::string& level = kb.triage_levels()[r.level].id;
      items.push_back({{"id", r.id},
                       {"level", level},
                       {"condition", r.condition},
                       {"text", r.text},
                       {"sources", r.sources}});
      rows.push_back({r.id, level, r.condition});
    }
  } else {
    rows.push_back({"ID", "GRADE", "YEAR", "TITLE"});
    for (const Source& s : kb.sources()) {
      items.push_back({{"id", s.id},
                       {"title", s.title},
                       {"publisher", s.publisher},
                       {"year", s.year},
                       {"url", s.url},
                       {"grade", s.grade}});
      rows.push_back({s.id, s.grade, s.year ? std::to_string(s.year) : "", s.title});
    }
  }
  Output out(stdout, "stdout");
  std::string text = opts.json ? std::string() : table(rows);
  if (!notes.empty()) {
    // How to answer each finding (how to do the glass test), indented under its row.
    std::string with_notes;
    std::size_t row = 0, start = 0;
    for (std::size_t end = text.find('\n'); end != std::string::npos;
         start = end + 1, end = text.find('\n', start), ++row) {
      with_notes += text.substr(start, end - start + 1);
      if (row > 0 && !notes[row - 1].empty()) with_notes += "      " + notes[row - 1] + "\n";
    }
    text = with_notes;
  }
  out.write(opts.json ? items.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                      : text);
  out.flush();
  return 0;
}

}  // namespace spotcheck::cli
