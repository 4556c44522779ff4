// The clinical scenario suite (tests/scenarios, written from the guidelines) and a copy
// of the shared example vignettes (tests/data/vignettes.jsonl): each case's triage, lesion
// type, top-3 categories and must-not-miss causes shown (`show`, in the first five) must be
// among the accepted answers, and together the
// scenarios must exercise every rule and bring every cause into a top 3.
#include <filesystem>
#include <fstream>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/evaluator.h>

using namespace spotcheck;
using nlohmann::json;

namespace {

struct Scenario {
  std::string file;
  std::size_t line;
  json spec;
};

std::vector<Scenario> load_scenarios(const std::vector<std::filesystem::path>& files) {
  std::vector<Scenario> out;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string text;
    for (std::size_t line = 1; std::getline(in, text); ++line)
      if (!text.empty()) out.push_back({path.filename().string(), line, json::parse(text)});
  }
  return out;
}

std::vector<std::filesystem::path> scenario_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SPOTCHECK_TEST_DATA "/scenarios"))
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool contains(const json& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const json& v) { return v.get<std::string>() == value; });
}

// Checks one scenario; records the rules that fired and the causes in the top 3.
void check(const Scenario& s, std::set<std::string>* fired, std::set<std::string>* top3) {
  const auto kb = KnowledgeBase::embedded();
  INFO(s.file << ":" << s.line << " " << s.spec["case"].dump());
  Case c(*kb);
  REQUIRE_FALSE(read_case(*kb, s.spec["case"].dump(), c));
  Evaluator ev(*kb);
  const Result& r = ev.evaluate(c);
  CHECK(contains(s.spec["triage"], kb->triage_levels()[r.triage_level].id));
  if (s.spec.contains("lesion")) {
    const std::string lesion = r.lesion < 0 ? "unknown"
                                            : kb->findings()[*kb->lesion_type_finding()]
                                                  .choices[static_cast<std::size_t>(r.lesion)];
    CHECK(contains(s.spec["lesion"], lesion));
  }
  if (s.spec.contains("top3") && !s.spec["top3"].is_null()) {
    std::vector<std::string> categories;
    for (std::size_t k = 0; k < 3 && k < r.causes.size(); ++k)
      categories.push_back(kb->categories()[kb->causes()[r.causes[k].cause].category].id);
    INFO("top-3 categories: " << json(categories).dump());
    CHECK(std::any_of(categories.begin(), categories.end(),
                      [&](const std::string& cat) { return contains(s.spec["top3"], cat); }));
  }
  if (s.spec.contains("show")) {
    // A must-not-miss cause the case points to is among the first five, whatever its score.
    std::vector<std::string> shown;
    for (std::size_t k = 0; k < 5 && k < r.causes.size(); ++k)
      shown.push_back(kb->causes()[r.causes[k].cause].id);
    INFO("first five causes: " << json(shown).dump());
    CHECK(std::any_of(shown.begin(), shown.end(),
                      [&](const std::string& id) { return contains(s.spec["show"], id); }));
  }
  if (fired)
    for (const std::size_t rule : r.fired) fired->insert(kb->triage_rules()[rule].id);
  if (top3)
    for (std::size_t k = 0; k < 3 && k < r.causes.size(); ++k)
      top3->insert(kb->causes()[r.causes[k].cause].id);
}

}  // namespace

TEST_CASE("every scenario of tests/scenarios gets an accepted answer", "[scenarios]") {
  const auto scenarios = load_scenarios(scenario_files());
  REQUIRE(scenarios.size() >= 80);
  std::set<std::string> fired, top3;
  std::set<std::string> ids;
  for (const Scenario& s : scenarios) {
    CHECK(ids.insert(s.spec["case"]["id"].get<std::string>()).second);  // ids are unique
    check(s, &fired, &top3);
  }
  const auto kb = KnowledgeBase::embedded();
  for (const TriageRule& rule : kb->triage_rules()) {
    INFO("rule " << rule.id << " never fires in the scenarios");
    CHECK(fired.count(rule.id) == 1);
  }
  for (const Cause& cause : kb->causes()) {
    INFO("cause " << cause.id << " never reaches a top 3 in the scenarios");
    CHECK(top3.count(cause.id) == 1);
  }
}

TEST_CASE("every example vignette gets an accepted answer", "[scenarios]") {
  const auto vignettes = load_scenarios({SPOTCHECK_TEST_DATA "/data/vignettes.jsonl"});
  REQUIRE(vignettes.size() == 26);
  for (const Scenario& v : vignettes) check(v, nullptr, nullptr);
}

TEST_CASE("scenarios cover the borderline sizes and every age group", "[scenarios]") {
  std::set<double> sizes;
  bool newborn = false, child = false, adult = false, very_old = false;
  std::size_t sparse = 0;
  for (const Scenario& s : load_scenarios(scenario_files())) {
    const json& c = s.spec["case"];
    if (c.contains("size_mm") && !c.contains("lesion")) sizes.insert(c["size_mm"].get<double>());
    if (c.contains("age")) {
      const double age = c["age"].get<double>();
      newborn |= age < 0.08;
      child |= age >= 1 && age < 16;
      adult |= age >= 16 && age < 80;
      very_old |= age >= 90;
    }
    sparse += c.size() <= 3;
  }
  for (double size : {1.9, 2.0, 2.1, 9.9, 10.0, 10.1}) CHECK(sizes.count(size) == 1);
  CHECK(newborn);
  CHECK(child);
  CHECK(adult);
  CHECK(very_old);
  CHECK(sparse >= 5);
}
