// The clinical scenario suite (tests/scenarios, written from the guidelines) and a copy
// of the shared example vignettes (tests/data/vignettes.jsonl), checked by the library that
// `spotcheck kb test` runs (case_check.h): each case's triage, lesion type, top-3
// categories and must-not-miss causes shown (`show`, in the first five) must be among the
// accepted answers, case ids are unique, and together the scenarios must exercise every
// rule and bring every cause into a top 3.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/case_check.h>
#include <spotcheck/evaluator.h>

using namespace spotcheck;
using nlohmann::json;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::filesystem::path> scenario_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SPOTCHECK_TEST_DATA "/scenarios"))
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Runs `files` through one suite; every line must pass. Returns the number of cases.
std::size_t check_files(ExpectationSuite& suite, const std::vector<std::filesystem::path>& files) {
  std::size_t cases = 0;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    for (const LineReport& r : suite.check_text(read_file(path), name)) {
      ++cases;
      INFO(name << ":" << r.line << ": " << r.id);
      if (r.status == LineReport::Status::kMalformed)
        FAIL_CHECK("malformed: column " << r.error.column << ": " << r.error.message);
      for (const Mismatch& m : r.mismatches) FAIL_CHECK(describe(m));
      CHECK(r.status == LineReport::Status::kPassed);
    }
  }
  return cases;
}

// The raw lines, for the checks on what the suite covers.
std::vector<json> load_scenarios(const std::vector<std::filesystem::path>& files) {
  std::vector<json> out;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string text;
    while (std::getline(in, text))
      if (!text.empty()) out.push_back(json::parse(text));
  }
  return out;
}

}  // namespace

TEST_CASE("every scenario of tests/scenarios gets an accepted answer", "[scenarios]") {
  const auto kb = KnowledgeBase::embedded();
  ExpectationSuite suite(*kb);
  REQUIRE(check_files(suite, scenario_files()) >= 80);
  CHECK(suite.count(LineReport::Status::kPassed) >= 80);
  for (const std::size_t rule : suite.coverage().rules_never_fired()) {
    INFO("rule " << kb->triage_rules()[rule].id << " never fires in the scenarios");
    CHECK(false);
  }
  for (const std::size_t cause : suite.coverage().causes_never_in_top3()) {
    INFO("cause " << kb->causes()[cause].id << " never reaches a top 3 in the scenarios");
    CHECK(false);
  }
}

TEST_CASE("every example vignette gets an accepted answer", "[scenarios]") {
  ExpectationSuite suite(*KnowledgeBase::embedded());
  REQUIRE(check_files(suite, {SPOTCHECK_TEST_DATA "/data/vignettes.jsonl"}) == 26);
}

TEST_CASE("scenarios cover the borderline sizes and every age group", "[scenarios]") {
  std::set<double> sizes;
  bool newborn = false, child = false, adult = false, very_old = false;
  std::size_t sparse = 0;
  for (const json& s : load_scenarios(scenario_files())) {
    const json& c = s["case"];
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
