// The public contract (docs/contract.md): every finding, category,
// triage level and lesion type exists under its exact id in the shipped knowledge base,
// and every rule and cause carries its sources and codes.
#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/embedded_kb.h>
#include <spotcheck/knowledge_base.h>

using namespace spotcheck;

namespace {
struct ExpectedFinding {
  const char* id;
  FindingType type;
};
}  // namespace

TEST_CASE("every finding of the contract exists with its type", "[contract]") {
  const auto kb = KnowledgeBase::embedded();
  const ExpectedFinding expected[] = {{"age", FindingType::kNumber},
                                      {"lesion", FindingType::kChoice},
                                      {"size_mm", FindingType::kNumber},
                                      {"blanching", FindingType::kBool},
                                      {"palpable", FindingType::kBool},
                                      {"spreading", FindingType::kBool},
                                      {"location", FindingType::kChoice},
                                      {"sudden_onset", FindingType::kBool},
                                      {"fever", FindingType::kBool},
                                      {"chills", FindingType::kBool},
                                      {"unwell", FindingType::kBool},
                                      {"stiff_neck", FindingType::kBool},
                                      {"confusion", FindingType::kBool},
                                      {"recent_viral_illness", FindingType::kBool},
                                      {"recent_injury", FindingType::kBool},
                                      {"head_injury", FindingType::kBool},
                                      {"straining", FindingType::kBool},
                                      {"bleeding_gums", FindingType::kBool},
                                      {"nosebleeds", FindingType::kBool},
                                      {"blood_in_urine", FindingType::kBool},
                                      {"blood_in_stool", FindingType::kBool},
                                      {"heavy_periods", FindingType::kBool},
                                      {"prolonged_bleeding", FindingType::kBool},
                                      {"bleeding_wont_stop", FindingType::kBool},
                                      {"fatigue", FindingType::kBool},
                                      {"pale_skin", FindingType::kBool},
                                      {"weight_loss", FindingType::kBool},
                                      {"night_sweats", FindingType::kBool},
                                      {"bone_pain", FindingType::kBool},
                                      {"frequent_infections", FindingType::kBool},
                                      {"swollen_glands", FindingType::kBool},
                                      {"jaundice", FindingType::kBool},
                                      {"joint_pain", FindingType::kBool},
                                      {"abdominal_pain", FindingType::kBool},
                                      {"anticoagulant", FindingType::kBool},
                                      {"antiplatelet", FindingType::kBool},
                                      {"aspirin_nsaid", FindingType::kBool},
                                      {"steroids", FindingType::kBool},
                                      {"chemotherapy", FindingType::kBool},
                                      {"radiotherapy", FindingType::kBool},
                                      {"new_medication", FindingType::kBool},
                                      {"family_history", FindingType::kBool},
                                      {"known_bleeding_disorder", FindingType::kBool},
                                      {"known_liver_disease", FindingType::kBool},
                                      {"heavy_alcohol", FindingType::kBool},
                                      {"known_autoimmune", FindingType::kBool},
                                      {"known_cancer", FindingType::kBool},
                                      {"poor_diet", FindingType::kBool},
                                      {"headache", FindingType::kBool},
                                      {"cold_hands_feet", FindingType::kBool},
                                      {"recent_travel", FindingType::kBool},
                                      {"independently_mobile", FindingType::kBool},
                                      {"bloody_diarrhoea", FindingType::kBool},
                                      {"vomiting_blood", FindingType::kBool},
                                      {"reduced_urine", FindingType::kBool},
                                      {"pregnant", FindingType::kBool}};
  for (const auto& e : expected) {
    INFO(e.id);
    const auto f = kb->find_finding(e.id);
    REQUIRE(f.has_value());
    CHECK(kb->findings()[*f].type == e.type);
    CHECK_FALSE(kb->findings()[*f].derived);
  }
  const Finding& age = kb->findings()[*kb->find_finding("age")];
  CHECK(age.min == 0);
  CHECK(age.max == 130);
  const Finding& lesion = kb->findings()[*kb->find_finding("lesion")];
  CHECK(lesion.choices == std::vector<std::string>{"petechiae", "purpura", "ecchymosis"});
  const Finding& location = kb->findings()[*kb->find_finding("location")];
  CHECK(location.choices == std::vector<std::string>{"face_neck", "arms_hands", "legs_buttocks",
                                                     "trunk", "mouth", "widespread"});
}

TEST_CASE("triage levels, categories and lesion types of the contract exist", "[contract]") {
  const auto kb = KnowledgeBase::embedded();
  const std::vector<std::string> levels{"emergency", "urgent", "routine", "self_care"};
  REQUIRE(kb->triage_levels().size() == levels.size());
  for (std::size_t i = 0; i < levels.size(); ++i) CHECK(kb->triage_levels()[i].id == levels[i]);
  const std::vector<std::string> categories{
      "injury",        "aging",        "medication",    "cancer_treatment", "infection",
      "allergy",       "blood_cancer", "low_platelets", "nutrition",        "clotting_disorder",
      "other_disease", "autoimmune",   "familial",      "newborn"};
  for (const auto& id : categories) {
    INFO(id);
    const auto cat = std::find_if(kb->categories().begin(), kb->categories().end(),
                                  [&](const Category& c) { return c.id == id; });
    REQUIRE(cat != kb->categories().end());
    const auto index = static_cast<std::size_t>(cat - kb->categories().begin());
    CHECK(std::any_of(kb->causes().begin(), kb->causes().end(),
                      [&](const Cause& c) { return c.category == index; }));
  }
  const auto lt = kb->lesion_type_finding();
  REQUIRE(lt.has_value());
  CHECK(kb->findings()[*lt].choices ==
        std::vector<std::string>{"petechiae", "purpura", "ecchymosis", "not_a_bleed"});
  for (const LesionType& t : kb->lesion_types()) CHECK_FALSE(t.hpo.empty());
}

TEST_CASE("the must-not-miss causes exist under their stable ids and rules point to them",
          "[contract]") {
  const auto kb = KnowledgeBase::embedded();
  const std::pair<const char*, const char*> stable[] = {{"meningococcal_disease", "infection"},
                                                        {"septicaemia", "infection"},
                                                        {"dengue", "infection"},
                                                        {"leukaemia", "blood_cancer"},
                                                        {"lymphoma_myeloma", "blood_cancer"},
                                                        {"itp", "low_platelets"},
                                                        {"ttp", "low_platelets"},
                                                        {"hus", "low_platelets"},
                                                        {"dic", "clotting_disorder"},
                                                        {"iga_vasculitis", "autoimmune"},
                                                        {"non_accidental_injury", "injury"}};
  for (const auto& [id, category] : stable) {
    INFO(id);
    const auto c = kb->find_cause(id);
    REQUIRE(c.has_value());
    CHECK(kb->categories()[kb->causes()[*c].category].id == category);
    // Some rule points to it, so that it is shown when that rule fires.
    CHECK(
        std::any_of(kb->triage_rules().begin(), kb->triage_rules().end(), [&](const TriageRule& r) {
          return std::find(r.points_to.begin(), r.points_to.end(), *c) != r.points_to.end();
        }));
  }
}

TEST_CASE("every red flag has a floor above self-care, with a text and a source", "[contract]") {
  const auto kb = KnowledgeBase::embedded();
  std::size_t flags = 0;
  for (std::size_t f = 0; f < kb->input_finding_count(); ++f) {
    if (!kb->findings()[f].red_flag) continue;
    ++flags;
    INFO(kb->findings()[f].id);
    CHECK(kb->findings()[f].floor + 1 < kb->triage_levels().size());
    const auto rule = std::find_if(kb->triage_rules().begin(), kb->triage_rules().end(),
                                   [&](const TriageRule& r) { return r.floor_of == f; });
    REQUIRE(rule != kb->triage_rules().end());
    CHECK(rule->id == "red_flag_" + kb->findings()[f].id);
    CHECK_FALSE(rule->text.empty());
    CHECK_FALSE(rule->sources.empty());
  }
  CHECK(flags >= 12);
}

TEST_CASE("every rule and cause has a source, every cause has a WHO or CM code", "[contract]") {
  const auto kb = KnowledgeBase::embedded();
  for (const TriageRule& r : kb->triage_rules()) {
    INFO(r.id);
    CHECK_FALSE(r.sources.empty());
    CHECK_FALSE(r.text.empty());
  }
  for (const Cause& c : kb->causes()) {
    INFO(c.id);
    CHECK_FALSE(c.sources.empty());
    CHECK_FALSE(c.codes.empty());
    CHECK_FALSE(c.clinical_name.empty());
    CHECK_FALSE(c.description.empty());
    // Never worded as a diagnosis.
    CHECK(c.description.find("you have") == std::string::npos);
    CHECK(c.description.find("You have") == std::string::npos);
  }
  CHECK(kb->disclaimer().find("not a diagnosis") != std::string::npos);
  CHECK(kb->disclaimer().find("emergency number") != std::string::npos);
}

TEST_CASE("every cause the source article names cites the article", "[contract]") {
  const auto kb = KnowledgeBase::embedded();
  std::size_t citing = 0;
  for (const Cause& c : kb->causes())
    citing += std::any_of(c.sources.begin(), c.sources.end(),
                          [](const std::string& s) { return s.starts_with("article"); });
  // The article names 22 causes (injury, aging, 4 medicine groups, chemotherapy, radiation,
  // viral infection, allergy, leukaemia, low platelets, septicaemia, 3 nutrient groups,
  // haemophilia, von Willebrand, other cancers, inflammatory and liver disease,
  // autoimmune disorders, family tendency, newborns).
  CHECK(citing >= 22);
}

TEST_CASE("the must-not-miss causes in the data are those of the contract", "[contract]") {
  // The list of docs/contract.md section 4, as written there.
  const std::vector<std::string> contract = {
      "meningococcal_disease", "septicaemia", "dengue", "leukaemia", "lymphoma_myeloma",
      "non_accidental_injury", "itp",         "ttp",    "hus",       "dic",
      "iga_vasculitis"};
  const auto doc = nlohmann::json::parse(embedded_kb_text());
  REQUIRE(doc.contains("must_not_miss"));
  std::vector<std::string> data;
  for (const auto& id : doc["must_not_miss"]) data.push_back(id.get<std::string>());
  std::vector<std::string> sorted_contract = contract;
  std::sort(sorted_contract.begin(), sorted_contract.end());
  std::sort(data.begin(), data.end());
  CHECK(data == sorted_contract);

  // And the contract's table itself: the ids between the section's table heading and the
  // paragraph after it, two per row.
  std::ifstream in(SPOTCHECK_SOURCE_DIR "/docs/contract.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string md = text.str();
  const auto begin = md.find("they are the conditions nobody should be allowed to miss");
  const auto end = md.find("**Pinning.**");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end > begin);
  const std::string table = md.substr(begin, end - begin);
  const std::regex row(R"(\| `([a-z_]+)` \| `[a-z_]+` \|)");
  std::vector<std::string> in_doc;
  for (auto it = std::sregex_iterator(table.begin(), table.end(), row);
       it != std::sregex_iterator(); ++it)
    in_doc.push_back((*it)[1]);
  std::sort(in_doc.begin(), in_doc.end());
  CHECK(in_doc == sorted_contract);
  // Each exists, and some rule points to it, so that a result can pin it.
  const auto kb = KnowledgeBase::embedded();
  for (const std::string& id : contract) {
    INFO(id);
    const auto cause = kb->find_cause(id);
    REQUIRE(cause);
    const auto rules = kb->triage_rules();
    CHECK(std::any_of(rules.begin(), rules.end(), [&](const TriageRule& r) {
      return std::find(r.points_to.begin(), r.points_to.end(), *cause) != r.points_to.end();
    }));
  }
}
