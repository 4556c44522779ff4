// The example knowledge base data/examples/nosebleeds (a second complaint, with three
// triage levels of its own and no lesion finding): its expected-answer cases give accepted
// answers through the library, together they exercise every rule and bring every cause
// into a top 3, and nothing about red spots leaks from the engine into its results.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <spotcheck/evaluator.h>
#include <spotcheck/result_json.h>

using namespace spotcheck;
using nlohmann::json;

namespace {

const std::string kDir = SPOTCHECK_SOURCE_DIR "/data/examples/nosebleeds";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::shared_ptr<const KnowledgeBase> nosebleeds() {
  static const auto kb = KnowledgeBase::load(read_text(kDir + "/kb.json"), kDir + "/kb.json");
  return kb;
}

struct Expected {
  std::size_t line;
  json spec;
};

std::vector<Expected> cases() {
  std::vector<Expected> out;
  std::ifstream in(kDir + "/cases.jsonl");
  std::string text;
  for (std::size_t line = 1; std::getline(in, text); ++line)
    if (!text.empty()) out.push_back({line, json::parse(text)});
  return out;
}

bool contains(const json& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const json& v) { return v.get<std::string>() == value; });
}

Result evaluate(const KnowledgeBase& kb, const json& answers) {
  Case c(kb);
  const auto error = read_case(kb, answers.dump(), c);
  INFO((error ? error->message : std::string()));
  REQUIRE_FALSE(error);
  Evaluator ev(kb);
  return ev.evaluate(c);
}

}  // namespace

TEST_CASE("every nosebleed case gets an accepted answer, and all rules and causes are used",
          "[example_kb]") {
  const auto kb = nosebleeds();
  const auto all = cases();
  REQUIRE(all.size() >= 20);
  std::set<std::string> ids, fired, top3;
  std::size_t sparse = 0;
  for (const Expected& e : all) {
    INFO("cases.jsonl:" << e.line << " " << e.spec["case"].dump());
    CHECK(ids.insert(e.spec["case"]["id"].get<std::string>()).second);
    sparse += e.spec["case"].size() <= 3;  // the id and at most two answers
    const Result r = evaluate(*kb, e.spec["case"]);
    CHECK(contains(e.spec["triage"], kb->triage_levels()[r.triage_level].id));
    if (!e.spec["top3"].is_null()) {
      std::vector<std::string> categories;
      for (std::size_t k = 0; k < 3 && k < r.causes.size(); ++k)
        categories.push_back(kb->categories()[kb->causes()[r.causes[k].cause].category].id);
      INFO("top-3 categories: " << json(categories).dump());
      CHECK(std::any_of(categories.begin(), categories.end(),
                        [&](const std::string& cat) { return contains(e.spec["top3"], cat); }));
    }
    for (const std::size_t rule : r.fired) fired.insert(kb->triage_rules()[rule].id);
    for (std::size_t k = 0; k < 3 && k < r.causes.size(); ++k)
      top3.insert(kb->causes()[r.causes[k].cause].id);
  }
  CHECK(sparse >= 3);
  for (const TriageRule& rule : kb->triage_rules()) {
    INFO("rule " << rule.id << " never fires in cases.jsonl");
    CHECK(fired.count(rule.id) == 1);
  }
  for (const Cause& cause : kb->causes()) {
    INFO("cause " << cause.id << " never reaches a top 3 in cases.jsonl");
    CHECK(top3.count(cause.id) == 1);
  }
}

TEST_CASE("the nosebleed knowledge base keeps the safety properties", "[example_kb]") {
  const auto kb = nosebleeds();
  // Each red flag alone, everything else unknown, reaches at least its floor; with every
  // other finding answered in the most reassuring way the floor still holds.
  for (std::size_t f = 0; f < kb->input_finding_count(); ++f) {
    const Finding& flag = kb->findings()[f];
    if (!flag.red_flag) continue;
    INFO("red flag " << flag.id);
    json alone = {{flag.id, true}};
    CHECK(evaluate(*kb, alone).triage_level <= flag.floor);
    json reassuring = {{"age", 30}, {"bleeding_now", false}, {"bleeding_minutes", 2}};
    for (std::size_t g = 0; g < kb->input_finding_count(); ++g)
      if (g != f && kb->findings()[g].type == FindingType::kBool &&
          !reassuring.contains(kb->findings()[g].id))
        reassuring[kb->findings()[g].id] = false;
    reassuring[flag.id] = true;
    CHECK(evaluate(*kb, reassuring).triage_level <= flag.floor);
  }
  // Nothing answered is never the reassuring level.
  const Result none = evaluate(*kb, json::object());
  CHECK(none.triage_level + 1 < kb->triage_levels().size());
  CHECK(none.possible_level == 0);
}

TEST_CASE("a knowledge base without a lesion finding has no lesion in its results",
          "[example_kb]") {
  const auto kb = nosebleeds();
  CHECK_FALSE(kb->lesion_type_finding().has_value());
  const json answers = {{"age", 7}, {"bleeding_now", true}, {"bleeding_minutes", 5}};
  Case c(*kb);
  REQUIRE_FALSE(read_case(*kb, answers.dump(), c));
  Evaluator ev(*kb);
  std::string text;
  ResultWriter(*kb).append(c, ev.evaluate(c), kFieldAll, text);
  const json result = json::parse(text);
  CHECK_FALSE(result.contains("lesion"));
  CHECK(result["triage"]["level"] == "home_care");
  // The built-in knowledge base names its lesion finding in the data, and keeps `lesion`.
  const auto builtin = KnowledgeBase::embedded();
  REQUIRE(builtin->lesion_type_finding().has_value());
  CHECK(builtin->findings()[*builtin->lesion_type_finding()].id == "lesion_type");
  Case b(*builtin);
  REQUIRE_FALSE(read_case(*builtin, R"({"size_mm": 1})", b));
  Evaluator bev(*builtin);
  std::string btext;
  ResultWriter(*builtin).append(b, bev.evaluate(b), kFieldAll, btext);
  CHECK(json::parse(btext)["lesion"]["type"] == "petechiae");
}

TEST_CASE("levels, colours and wording come from the knowledge base", "[example_kb]") {
  const auto kb = nosebleeds();
  REQUIRE(kb->triage_levels().size() == 3);
  CHECK(kb->triage_levels()[0].id == "a_and_e");
  CHECK(kb->triage_levels()[0].color == "white_on_red");
  CHECK(kb->triage_levels()[1].color == "yellow");  // not the built-in's second colour
  CHECK(kb->triage_levels()[2].color == "green");
  CHECK(kb->wording().subject == "the nosebleed");
  CHECK(kb->wording().report_title == "Nosebleed: notes to show a doctor");
  // Left out of the file: neutral defaults, never the built-in's words about spots.
  json doc = json::parse(read_text(kDir + "/kb.json"));
  doc.erase("wording");
  for (json& level : doc["triage_levels"]) level.erase("color");
  const auto bare = KnowledgeBase::load(doc.dump(), "bare.json");
  CHECK(bare->wording().subject.find("spot") == std::string::npos);
  CHECK(bare->wording().about.find("spot") == std::string::npos);
  CHECK(bare->triage_levels()[0].color == "white_on_red");
  CHECK(bare->triage_levels()[1].color == "red");
  CHECK(bare->triage_levels()[2].color == "green");  // the least urgent, however many levels
  // The image keeps them.
  const auto again = KnowledgeBase::from_image(kb->to_image());
  CHECK(again->wording().subject == kb->wording().subject);
  CHECK(again->wording().lesion_heading == kb->wording().lesion_heading);
  CHECK(again->triage_levels()[1].color == "yellow");
  CHECK_FALSE(again->lesion_type_finding().has_value());
}
