// The loader: every kind of load error is reported with its location, and a good
// knowledge base loads, including the built-in one.
#include <pthread.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <spotcheck/embedded_kb.h>
#include <spotcheck/error.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/result_json.h>

#include "test_kb.h"

using namespace spotcheck;
using Catch::Contains;
using spotcheck::test::json;
using spotcheck::test::minimal_kb;

namespace {

std::string load_error(const json& kb) {
  try {
    test::load(kb);
  } catch (const KbError& e) {
    CHECK(e.exit_code() == kExitData);
    return e.what();
  }
  FAIL("the knowledge base loaded but should not have");
  return {};
}

std::string load_error_text(const std::string& text) {
  try {
    KnowledgeBase::load(text, "kb.json");
  } catch (const KbError& e) {
    return e.what();
  }
  FAIL("the knowledge base loaded but should not have");
  return {};
}

}  // namespace

TEST_CASE("the minimal test knowledge base loads", "[kb]") {
  const auto kb = test::load(minimal_kb());
  CHECK(kb->name() == "test-kb");
  CHECK(kb->findings().size() == 5);
  CHECK(kb->input_finding_count() == 4);
  CHECK(kb->findings()[4].derived);
  CHECK(kb->sha256().size() == 64);
  CHECK(kb->triage_rules()[0].condition == "a & named");
}

TEST_CASE("syntax errors give line and column", "[kb][errors]") {
  const std::string msg = load_error_text("{\n  \"kb_format\": 1,\n  \"name\": tru\n}");
  CHECK_THAT(msg, Contains("kb.json:3:") && Contains("invalid JSON"));
}

TEST_CASE("semantic errors give line, column and JSON pointer of the value", "[kb][errors]") {
  json kb = minimal_kb();
  kb["triage_rules"][0]["when"] = {{"all", {{{"is", "a"}}, {{"is", "bb"}}}}};
  const std::string text = kb.dump(2);
  std::string msg;
  try {
    KnowledgeBase::load(text, "kb.json");
  } catch (const KbError& e) {
    msg = e.what();
  }
  // The line of the bad value in the dumped text.
  const std::size_t at = text.find("\"bb\"");
  const std::size_t line =
      static_cast<std::size_t>(
          std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) +
      1;
  const std::size_t column = at - text.rfind('\n', at);
  CHECK(msg == "kb.json:" + std::to_string(line) + ":" + std::to_string(column) +
                   ": /triage_rules/0/when/all/1/is: unknown finding 'bb' (did you mean 'b'?)");
}

TEST_CASE("each kind of load error is caught", "[kb][errors]") {
  json kb = minimal_kb();
  SECTION("not an object") {
    CHECK_THAT(load_error_text("[]"), Contains("a knowledge base is a JSON object"));
  }
  SECTION("missing key") {
    kb.erase("causes");
    CHECK_THAT(load_error(kb), Contains("missing required key 'causes'"));
  }
  SECTION("unknown key, with a suggestion") {
    kb["findings"][0]["questoin"] = "typo";
    CHECK_THAT(load_error(kb),
               Contains("/findings/0/questoin") && Contains("did you mean 'question'?"));
  }
  SECTION("wrong type") {
    kb["name"] = 3;
    CHECK_THAT(load_error(kb), Contains("/name: expected a string"));
  }
  SECTION("unsupported format") {
    kb["kb_format"] = 2;
    CHECK_THAT(load_error(kb), Contains("unsupported kb_format"));
  }
  SECTION("duplicate id") {
    kb["findings"][1]["id"] = "a";
    CHECK_THAT(load_error(kb), Contains("/findings/1/id: duplicate finding id 'a'"));
  }
  SECTION("id that is not snake_case") {
    kb["findings"][1]["id"] = "Bad-Id";
    CHECK_THAT(load_error(kb), Contains("must be lower-case snake_case"));
  }
  SECTION("unknown finding type") {
    kb["findings"][0]["type"] = "string";
    CHECK_THAT(load_error(kb), Contains("unknown type 'string'"));
  }
  SECTION("number finding with max not above min") {
    kb["findings"][2]["max"] = 0;
    CHECK_THAT(load_error(kb), Contains("/findings/2/max"));
  }
  SECTION("operator applied to the wrong type of finding") {
    kb["triage_rules"][1]["when"] = {{"lt", {"a", 3}}};
    CHECK_THAT(load_error(kb), Contains("finding 'a' is a bool, but this operator needs a number"));
  }
  SECTION("unknown operator, with a suggestion") {
    kb["triage_rules"][1]["when"] = {{"anny", {{{"is", "a"}}}}};
    CHECK_THAT(load_error(kb), Contains("unknown operator 'anny' (did you mean 'any'?)"));
  }
  SECTION("a condition with two operators") {
    kb["triage_rules"][1]["when"] = {{"is", "a"}, {"not", {{"is", "b"}}}};
    CHECK_THAT(load_error(kb), Contains("exactly one operator"));
  }
  SECTION("choice that the finding does not offer") {
    kb["triage_rules"][1]["when"] = {{"eq", {"c", "w"}}};
    CHECK_THAT(load_error(kb), Contains("'w' is not a choice of 'c'"));
  }
  SECTION("unknown threshold") {
    kb["triage_rules"][1]["when"] = {{"lt", {"n", "t11"}}};
    CHECK_THAT(load_error(kb), Contains("unknown threshold 't11'"));
  }
  SECTION("unknown named condition") {
    kb["triage_rules"][1]["when"] = {{"ref", "nmaed"}};
    CHECK_THAT(load_error(kb), Contains("unknown named condition 'nmaed' (did you mean 'named'?)"));
  }
  SECTION("named conditions in a cycle") {
    kb["conditions"]["p"] = {{"ref", "q"}};
    kb["conditions"]["q"] = {{"ref", "p"}};
    kb["triage_rules"][1]["when"] = {{"ref", "p"}};
    CHECK_THAT(load_error(kb), Contains("cycle: p -> q -> p"));
  }
  SECTION("derived findings in a cycle") {
    kb["derived"].push_back(json::parse(R"({"id": "e", "type": "bool", "question": "E?",
        "cases": [{"when": {"is": "d"}, "value": true, "basis": "x", "text": "x"}],
        "otherwise": {"basis": "none", "text": "x"}})"));
    kb["derived"][0]["cases"][0]["when"] = {{"is", "e"}};
    CHECK_THAT(load_error(kb),
               Contains("derived findings depend on each other in a cycle: d -> e -> d"));
  }
  SECTION("unknown source, with a suggestion") {
    kb["triage_rules"][1]["sources"] = {"s3"};
    CHECK_THAT(load_error(kb), Contains("/triage_rules/1/sources/0: unknown source 's3'"));
  }
  SECTION("a rule without sources") {
    kb["triage_rules"][1].erase("sources");
    CHECK_THAT(load_error(kb), Contains("every rule and cause names its sources"));
  }
  SECTION("unknown triage level") {
    kb["triage_rules"][1]["level"] = "soonish";
    CHECK_THAT(load_error(kb), Contains("unknown triage level 'soonish'"));
  }
  SECTION("no fallback rule") {
    kb["triage_rules"].erase(3);
    CHECK_THAT(load_error(kb), Contains("one rule must be the fallback"));
  }
  SECTION("two fallback rules") {
    kb["triage_rules"][2] = kb["triage_rules"][3];
    kb["triage_rules"][2]["id"] = "fallback2";
    CHECK_THAT(load_error(kb), Contains("only one rule can be the fallback"));
  }
  SECTION("unknown category and prevalence") {
    kb["causes"][0]["category"] = "cat3";
    CHECK_THAT(load_error(kb), Contains("unknown category 'cat3'"));
    kb["causes"][0]["category"] = "cat1";
    kb["causes"][0]["prevalence"] = "sometimes";
    CHECK_THAT(load_error(kb), Contains("unknown prevalence class 'sometimes'"));
  }
  SECTION("a weight that is not a log-odds step") {
    kb["causes"][0]["evidence"][0]["weight"] = 1e6;
    CHECK_THAT(load_error(kb), Contains("weights are log-odds steps"));
  }
  SECTION("a code system other than WHO or CM") {
    kb["causes"][0]["codes"] = {{{"system", "ICD-11"}, {"code", "X"}}};
    CHECK_THAT(load_error(kb), Contains("expected \"ICD-10 WHO\" or \"ICD-10-CM\""));
  }
  SECTION("a red flag without a floor") {
    kb["findings"][1]["red_flag"] = true;
    CHECK_THAT(load_error(kb),
               Contains("/findings/1/red_flag") && Contains("every red flag sets a minimum"));
  }
  SECTION("a red flag whose floor is the least urgent level") {
    kb["findings"][1]["red_flag"]["floor"] = "self_care";
    CHECK_THAT(load_error(kb), Contains("/findings/1/red_flag/floor") &&
                                   Contains("must be more urgent than 'self_care'"));
  }
  SECTION("a red flag with an unknown floor, no text or no source") {
    kb["findings"][1]["red_flag"]["floor"] = "soon";
    CHECK_THAT(load_error(kb), Contains("unknown triage level 'soon'"));
    kb["findings"][1]["red_flag"]["floor"] = "urgent";
    kb["findings"][1]["red_flag"].erase("text");
    CHECK_THAT(load_error(kb), Contains("missing required key 'text'"));
    kb["findings"][1]["red_flag"]["text"] = "t";
    kb["findings"][1]["red_flag"]["sources"] = json::array();
    CHECK_THAT(load_error(kb), Contains("needs at least one source"));
  }
  SECTION("a red flag that is not a yes/no finding") {
    kb["findings"][2]["red_flag"] = kb["findings"][1]["red_flag"];
    CHECK_THAT(load_error(kb), Contains("only a yes/no finding can be a red flag"));
  }
  SECTION("a rule id that a red flag's floor needs") {
    kb["triage_rules"][1]["id"] = "red_flag_b";
    CHECK_THAT(load_error(kb), Contains("the rule id 'red_flag_b' of this red flag's floor"));
  }
  SECTION("a rule pointing to an unknown cause, with a suggestion") {
    kb["triage_rules"][0]["points_to"] = {"c3"};
    CHECK_THAT(load_error(kb),
               Contains("/triage_rules/0/points_to/0: unknown cause 'c3' (did you mean 'c1'?)"));
    kb["triage_rules"][0]["points_to"] = json::array();
    CHECK_THAT(load_error(kb), Contains("expected a non-empty array of cause ids"));
    kb["triage_rules"][0]["points_to"] = {"c1", "c1"};
    CHECK_THAT(load_error(kb), Contains("the same cause is named twice"));
  }
  SECTION("a weight for an unknown answer that is not a log-odds step") {
    kb["causes"][0]["evidence"][0]["weight_if_unknown"] = -50;
    CHECK_THAT(load_error(kb), Contains("weights are log-odds steps"));
  }
  SECTION("a key given twice in one object, named with its position") {
    const std::string text = R"({"kb_format": 1, "name": "a",
  "name": "b"})";
    CHECK_THAT(load_error_text(text), Contains("kb.json:2:3: /name: duplicate key 'name'"));
    // Spelled differently but the same key.
    CHECK_THAT(load_error_text(R"({"name": 1, "n\u0061me": 2})"), Contains("duplicate key 'name'"));
  }
  SECTION("nesting deeper than any knowledge base needs") {
    kb["triage_rules"][1]["when"] = {{"is", "a"}};
    json deep = {{"is", "a"}};
    for (int i = 0; i < 100; ++i) deep = {{"not", deep}};
    kb["triage_rules"][1]["when"] = deep;
    CHECK_THAT(load_error(kb), Contains("nesting deeper than 64 levels"));
    // A hundred thousand levels: the same clear error, no stack overflow.
    std::string bomb(200000, ']');
    std::fill(bomb.begin(), bomb.begin() + 100000, '[');
    CHECK_THAT(load_error_text(bomb), Contains("kb.json:1:65: nesting deeper than 64 levels"));
  }
  SECTION("a number beyond double range, with its position") {
    CHECK_THAT(load_error_text("{\n \"kb_format\": 1e309}"),
               Contains("kb.json:2:15: invalid JSON: number overflow parsing '1e309'"));
  }
  SECTION("a long chain of named conditions") {
    for (int i = 0; i < 1000; ++i)
      kb["conditions"][fmt::format("n{}", i)] = {{"ref", fmt::format("n{}", i + 1)}};
    kb["conditions"]["n1000"] = {{"is", "a"}};
    kb["triage_rules"][1]["when"] = {{"ref", "n0"}};
    CHECK_THAT(load_error(kb), Contains("named conditions refer onwards more than 32 deep"));
  }
  SECTION("too many items, or derived findings") {
    kb["sources"] = json::array();
    for (int i = 0; i < 20001; ++i)
      kb["sources"].push_back({{"id", fmt::format("s{}", i)}, {"title", "t"}});
    CHECK_THAT(load_error(kb), Contains("/sources: more than 20000 items"));
  }
  SECTION("a source year that is not a whole number of a calendar (fuzz finding)") {
    kb["sources"][0]["year"] = 1e10;
    CHECK_THAT(load_error(kb), Contains("/sources/0/year: a year is a whole number"));
  }
  SECTION("a lesion finding that is not a choice finding (fuzz finding)") {
    kb["lesion_finding"] = "d";
    CHECK_THAT(
        load_error(kb),
        Contains("/lesion_finding: d gives the result's lesion type, so it must be a choice"));
  }
  SECTION("a lesion finding that is not derived, or not there") {
    kb["lesion_finding"] = "c";
    CHECK_THAT(load_error(kb), Contains("/lesion_finding: 'c' is not a derived finding"));
    kb["lesion_finding"] = "nothing";
    CHECK_THAT(load_error(kb), Contains("/lesion_finding: 'nothing' is not a derived finding"));
  }
  SECTION("a level colour outside the closed set, a wording key not known") {
    kb["triage_levels"][0]["color"] = "\x1b[31m";
    CHECK_THAT(load_error(kb), Contains("/triage_levels/0/color: unknown colour"));
    kb["triage_levels"][0].erase("color");
    kb["wording"] = {{"subjekt", "x"}};
    CHECK_THAT(load_error(kb),
               Contains("/wording/subjekt: unknown key") && Contains("did you mean 'subject'?"));
  }
  SECTION("--help examples that the program would not accept") {
    // The names and answers of a case file: the same messages, "did you mean" included.
    kb["wording"] = {{"examples", {{{"aa", true}}}}};
    CHECK_THAT(load_error(kb), Contains("/wording/examples/0/aa: unknown finding 'aa'") &&
                                   Contains("did you mean 'a'?"));
    kb["wording"] = {{"examples", {{{"d", true}}}}};  // derived: computed, never answered
    CHECK_THAT(load_error(kb), Contains("/wording/examples/0/d: 'd' is computed"));
    kb["wording"] = {{"examples", {{{"\x1b[2J\n", true}}}}};
    CHECK_THAT(load_error(kb), Contains("unknown finding '\\x1b[2J\\n'") && !Contains("\x1b"));
    for (const json& wrong : {json{{"a", "maybe"}}, json{{"c", "w"}}, json{{"n", 101}},
                              json{{"n", "-1"}}, json{{"c", 4}}, json{{"a", json::array()}}}) {
      INFO(wrong.dump());
      kb["wording"] = {{"examples", {{{"a", true}}, wrong}}};
      CHECK_THAT(load_error(kb), Contains("/wording/examples/1/"));
    }
    kb["wording"] = {{"examples", {json::object()}}};
    CHECK_THAT(load_error(kb), Contains("/wording/examples/0: expected a case object"));
    kb["wording"] = {{"examples", "--a"}};
    CHECK_THAT(load_error(kb), Contains("/wording/examples: expected an array of at most 5"));
    kb["wording"] = {{"examples", json::array()}};
    for (int i = 0; i < 6; ++i) kb["wording"]["examples"].push_back({{"a", true}});
    CHECK_THAT(load_error(kb), Contains("/wording/examples: expected an array of at most 5"));
    // What a case file takes, an example takes: other spellings, yes/no words, choices by
    // number.
    kb["wording"] = {{"examples", {{{"A", "no"}, {"n", "100"}, {"c", "z"}}, {{"c", 1}}}}};
    CHECK_NOTHROW(KnowledgeBase::load(kb.dump(), "test"));
  }
  SECTION("a finding whose flag is another finding's 'no' flag") {
    kb["findings"].push_back({{"id", "no_a"}, {"type", "bool"}, {"question", "?"}});
    CHECK_THAT(load_error(kb),
               Contains("/findings/4/id: finding 'no_a' would have the flag --no-a"));
  }
  SECTION("a derived value that is not a choice") {
    kb["derived"][0]["type"] = "choice";
    kb["derived"][0]["choices"] = {"p", "q"};
    kb["derived"][0]["cases"][0]["value"] = "r";
    CHECK_THAT(load_error(kb), Contains("/derived/0/cases/0/value"));
  }
}

TEST_CASE("ask_when is checked like any condition and says when a question fits", "[kb]") {
  json kb = minimal_kb();
  SECTION("an unknown finding, with a suggestion") {
    kb["findings"][0]["ask_when"] = {{"lt", {"nn", 10}}};
    CHECK_THAT(load_error(kb), Contains("/findings/0/ask_when") && Contains("did you mean 'n'?"));
  }
  SECTION("an operator on the wrong type of finding") {
    kb["findings"][0]["ask_when"] = {{"lt", {"b", 10}}};
    CHECK_THAT(load_error(kb), Contains("/findings/0/ask_when") && Contains("needs a number"));
  }
  SECTION("a question that would wait for its own answer") {
    kb["findings"][2]["ask_when"] = {{"lt", {"n", 10}}};
    CHECK_THAT(load_error(kb), Contains("/findings/2/ask_when: the ask_when of 'n' reads 'n'"));
  }
  SECTION("true, false or unknown as the answers say") {
    kb["findings"][0]["ask_when"] = {{"lt", {"n", "t10"}}};
    const auto loaded = test::load(kb);
    const std::size_t a = *loaded->find_finding("a"), n = *loaded->find_finding("n");
    CHECK(loaded->findings()[a].ask_when == "n<10");
    CHECK(loaded->findings()[n].ask_when.empty());
    Evaluator ev(*loaded);
    Case c(*loaded);
    ev.evaluate(c);
    CHECK(ev.ask_when_state(a) == Tri::kUnknown);
    CHECK(ev.ask_when_state(n) == Tri::kTrue);
    c.set(n, 4);
    ev.evaluate(c);
    CHECK(ev.ask_when_state(a) == Tri::kTrue);
    c.set(n, 40);
    ev.evaluate(c);
    CHECK(ev.ask_when_state(a) == Tri::kFalse);
  }
}

TEST_CASE("a red flag's floor is a rule of its own, applied by the engine", "[kb]") {
  const auto kb = test::load(minimal_kb());
  const auto b = *kb->find_finding("b");
  CHECK(kb->findings()[b].red_flag);
  CHECK(kb->findings()[b].floor == *kb->find_level("urgent"));
  const TriageRule& floor = kb->triage_rules().back();
  CHECK(floor.id == "red_flag_b");
  CHECK(floor.floor_of == b);
  CHECK(floor.text == "b sets a floor");
  CHECK(floor.condition == "b");
  // b alone would otherwise reach nothing above the fallback (routine): the floor raises it.
  Evaluator ev(*kb);
  Case c(*kb);
  c.set_bool(*kb->find_finding("a"), false);
  CHECK(ev.evaluate(c).triage_level == *kb->find_level("self_care"));
  c.set_bool(b, true);
  const Result& r = ev.evaluate(c);
  CHECK(r.triage_level == *kb->find_level("urgent"));
  REQUIRE(r.reasons.size() == 1);
  CHECK(kb->triage_rules()[r.reasons[0]].id == "red_flag_b");
}

TEST_CASE("a second derived finding, of type number, is evaluated and written", "[kb]") {
  // Derived findings are generic: only the file's lesion_finding makes the `lesion` object.
  json kb = minimal_kb();
  kb["derived"].push_back(
      json::parse(R"({"id": "twice_n", "type": "number", "min": 0, "max": 10, "question": "?",
      "cases": [{"when": {"gt": ["n", 50]}, "value": 7, "basis": "big", "text": "n is {n}"}],
      "otherwise": {"basis": "none", "text": "small"}})"));
  kb["triage_rules"][0]["when"] = {{"gt", {"twice_n", 5}}};
  const auto loaded = test::load(kb);
  Evaluator ev(*loaded);
  Case c(*loaded);
  c.set(*loaded->find_finding("n"), 60);
  const Result& r = ev.evaluate(c);
  CHECK(r.triage_level == 0);
  REQUIRE(r.derived_cases.size() == 2);
  CHECK(loaded->derivation_cases()[r.derived_cases[1]].basis == "big");
  std::string out;
  ResultWriter(*loaded).append(c, r, kFieldAll, out);
  const json written = json::parse(out);
  CHECK_FALSE(written.contains("lesion"));  // the file names no lesion_finding
  CHECK(written["triage"]["level"] == "emergency");
}

TEST_CASE("the built-in knowledge base loads and its image is exact", "[kb]") {
  const auto embedded = KnowledgeBase::embedded();
  const auto from_text = KnowledgeBase::load(embedded_kb_text(), embedded->origin());
  CHECK(embedded->sha256() == embedded_kb_sha256());
  CHECK(from_text->sha256() == embedded->sha256());  // the digest is of the text
  CHECK(from_text->to_image() == embedded->to_image());
  CHECK(embedded->causes().size() >= 30);
  CHECK_THROWS_AS(KnowledgeBase::from_image("not an image"), KbError);
  const std::string image = embedded->to_image();
  CHECK_THROWS_AS(KnowledgeBase::from_image(image.substr(0, image.size() / 2)), KbError);
}

TEST_CASE("closest_match suggests near misses only", "[kb]") {
  const std::vector<std::string> words{"fever", "stiff_neck", "size_mm"};
  CHECK(closest_match("fevr", words) == "fever");
  CHECK(closest_match("stif_neck", words) == "stiff_neck");
  CHECK(closest_match("size", words) == "size_mm");
  CHECK_FALSE(closest_match("banana", words).has_value());
}

TEST_CASE("check_number enforces the finding's range", "[kb]") {
  const auto kb = KnowledgeBase::embedded();
  const std::size_t age = *kb->find_finding("age");
  const std::size_t size = *kb->find_finding("size_mm");
  CHECK_FALSE(kb->check_number(age, 0).has_value());
  CHECK_FALSE(kb->check_number(age, 130).has_value());
  CHECK(kb->check_number(age, -3).has_value());
  CHECK(kb->check_number(age, 131).has_value());
  CHECK(kb->check_number(size, 0).value() == "must be greater than 0");
  CHECK_FALSE(kb->check_number(size, 0.1).has_value());
  CHECK(kb->check_number(size, std::nan("")).has_value());
}

TEST_CASE("the built-in image holds every field of data/kb.json, field by field", "[kb]") {
  // Comparing two images would miss a field that fields() in kb_image.cpp forgets, as both
  // would lack it: compare the loaded structures themselves. kb_image.cpp pins the struct
  // sizes, so a new field fails the build until it is added there and here.
  const auto img = KnowledgeBase::embedded();
  const auto txt = KnowledgeBase::load(embedded_kb_text(), img->origin());
  CHECK(img->name() == txt->name());
  CHECK(img->version() == txt->version());
  CHECK(img->disclaimer() == txt->disclaimer());
  CHECK(img->wording().about == txt->wording().about);
  CHECK(img->wording().subject == txt->wording().subject);
  CHECK(img->wording().report_title == txt->wording().report_title);
  CHECK(img->wording().lesion_heading == txt->wording().lesion_heading);
  CHECK(img->wording().examples == txt->wording().examples);
  CHECK_FALSE(txt->wording().examples.empty());
  CHECK(img->input_finding_count() == txt->input_finding_count());
  REQUIRE(img->findings().size() == txt->findings().size());
  for (std::size_t i = 0; i < img->findings().size(); ++i) {
    const Finding &a = img->findings()[i], &b = txt->findings()[i];
    INFO(b.id);
    CHECK(a.id == b.id);
    CHECK(a.type == b.type);
    CHECK(a.derived == b.derived);
    CHECK(a.red_flag == b.red_flag);
    CHECK(a.floor == b.floor);
    CHECK(a.group == b.group);
    CHECK(a.question == b.question);
    CHECK(a.help == b.help);
    CHECK(a.unit == b.unit);
    CHECK(a.unit_names == b.unit_names);
    CHECK(a.unit_factors == b.unit_factors);
    CHECK(a.min == b.min);
    CHECK(a.max == b.max);
    CHECK(a.min_exclusive == b.min_exclusive);
    CHECK(a.choices == b.choices);
    CHECK(a.choice_help == b.choice_help);
    CHECK(a.ask_when == b.ask_when);
  }
  REQUIRE(img->triage_levels().size() == txt->triage_levels().size());
  for (std::size_t i = 0; i < img->triage_levels().size(); ++i) {
    const TriageLevel &a = img->triage_levels()[i], &b = txt->triage_levels()[i];
    CHECK(a.id == b.id);
    CHECK(a.label == b.label);
    CHECK(a.advice == b.advice);
    CHECK(a.note == b.note);
  }
  REQUIRE(img->triage_rules().size() == txt->triage_rules().size());
  for (std::size_t i = 0; i < img->triage_rules().size(); ++i) {
    const TriageRule &a = img->triage_rules()[i], &b = txt->triage_rules()[i];
    INFO(b.id);
    CHECK(a.id == b.id);
    CHECK(a.level == b.level);
    CHECK(a.fallback == b.fallback);
    CHECK(a.text == b.text);
    CHECK(a.condition == b.condition);
    CHECK(a.sources == b.sources);
    CHECK(a.advice == b.advice);
    CHECK(a.points_to == b.points_to);
    CHECK(a.floor_of == b.floor_of);
  }
  REQUIRE(img->causes().size() == txt->causes().size());
  for (std::size_t i = 0; i < img->causes().size(); ++i) {
    const Cause &a = img->causes()[i], &b = txt->causes()[i];
    INFO(b.id);
    CHECK(a.id == b.id);
    CHECK(a.name == b.name);
    CHECK(a.clinical_name == b.clinical_name);
    CHECK(a.description == b.description);
    CHECK(a.prevalence == b.prevalence);
    CHECK(a.category == b.category);
    CHECK(a.prior == b.prior);
    CHECK(a.sources == b.sources);
    CHECK(a.evidence_begin == b.evidence_begin);
    CHECK(a.evidence_end == b.evidence_end);
    REQUIRE(a.codes.size() == b.codes.size());
    for (std::size_t k = 0; k < a.codes.size(); ++k) {
      CHECK(a.codes[k].system == b.codes[k].system);
      CHECK(a.codes[k].code == b.codes[k].code);
      CHECK(a.codes[k].title == b.codes[k].title);
    }
  }
  REQUIRE(img->evidence().size() == txt->evidence().size());
  for (std::size_t i = 0; i < img->evidence().size(); ++i) {
    const EvidenceItem &a = img->evidence()[i], &b = txt->evidence()[i];
    CHECK(a.label == b.label);
    CHECK(a.negated_label == b.negated_label);
    CHECK(a.weight == b.weight);
    CHECK(a.weight_if_false == b.weight_if_false);
    CHECK(a.weight_if_unknown == b.weight_if_unknown);
    CHECK(a.text == b.text);
    CHECK(a.source == b.source);
  }
  REQUIRE(img->categories().size() == txt->categories().size());
  for (std::size_t i = 0; i < img->categories().size(); ++i) {
    CHECK(img->categories()[i].id == txt->categories()[i].id);
    CHECK(img->categories()[i].name == txt->categories()[i].name);
    CHECK(img->categories()[i].description == txt->categories()[i].description);
  }
  REQUIRE(img->lesion_types().size() == txt->lesion_types().size());
  for (std::size_t i = 0; i < img->lesion_types().size(); ++i) {
    const LesionType &a = img->lesion_types()[i], &b = txt->lesion_types()[i];
    CHECK(a.id == b.id);
    CHECK(a.name == b.name);
    CHECK(a.hpo == b.hpo);
    CHECK(a.size == b.size);
    CHECK(a.description == b.description);
  }
  REQUIRE(img->sources().size() == txt->sources().size());
  for (std::size_t i = 0; i < img->sources().size(); ++i) {
    const Source &a = img->sources()[i], &b = txt->sources()[i];
    CHECK(a.id == b.id);
    CHECK(a.title == b.title);
    CHECK(a.publisher == b.publisher);
    CHECK(a.url == b.url);
    CHECK(a.grade == b.grade);
    CHECK(a.year == b.year);
  }
  REQUIRE(img->derivation_cases().size() == txt->derivation_cases().size());
  for (std::size_t i = 0; i < img->derivation_cases().size(); ++i) {
    const DerivationCase &a = img->derivation_cases()[i], &b = txt->derivation_cases()[i];
    CHECK(a.finding == b.finding);
    CHECK((a.value == b.value || (std::isnan(a.value) && std::isnan(b.value))));
    CHECK(a.basis == b.basis);
    CHECK(a.text == b.text);
    CHECK(a.source == b.source);
  }
  REQUIRE(img->thresholds().size() == txt->thresholds().size());
  for (std::size_t i = 0; i < img->thresholds().size(); ++i) {
    const Threshold &a = img->thresholds()[i], &b = txt->thresholds()[i];
    CHECK(a.name == b.name);
    CHECK(a.value == b.value);
    CHECK(a.text == b.text);
    CHECK(a.source == b.source);
  }
  REQUIRE(img->screens().size() == txt->screens().size());
  CHECK_FALSE(txt->screens().empty());
  for (std::size_t i = 0; i < img->screens().size(); ++i) {
    const Screen &a = img->screens()[i], &b = txt->screens()[i];
    CHECK(a.id == b.id);
    CHECK(a.question == b.question);
    CHECK(a.help == b.help);
    CHECK(a.members == b.members);
    CHECK(a.member_text == b.member_text);
  }
  CHECK(img->lesion_type_finding() == txt->lesion_type_finding());
}

namespace {

// `inner` wrapped in `levels` objects {"op": ...}, as text: too deep to build as a json.
std::string nested(const std::string& op, const std::string& inner, std::size_t levels) {
  std::string text;
  for (std::size_t i = 0; i < levels; ++i) text += "{\"" + op + "\": ";
  text += inner;
  text.append(levels, '}');
  return text;
}

// The minimal knowledge base with the first rule's condition replaced by `condition`.
std::string kb_with_condition_text(const std::string& condition) {
  json kb = minimal_kb();
  kb["triage_rules"][0]["when"] = "CONDITION";
  std::string text = kb.dump();
  text.replace(text.find("\"CONDITION\""), 11, condition);
  return text;
}

// The KbError message of loading `text` on a thread with a 512 KiB stack (or what went
// wrong): work that recurses as deep as the input nests overflows it, while loading
// needs a fraction of it. (The main thread's 8 MiB can hide such recursion.)
std::string load_error_on_small_stack(const std::string& text) {
  struct Job {
    const std::string& text;
    std::string error = "loaded";
  } job{text};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, std::size_t{512} << 10);
  pthread_t thread;
  const auto run = [](void* p) -> void* {
    Job& j = *static_cast<Job*>(p);
    try {
      KnowledgeBase::load(j.text, "kb.json");
    } catch (const std::exception& e) {
      j.error = e.what();
    }
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attr, run, &job) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  return job.error;
}

}  // namespace

// Found by tests/fuzz/fuzz_kb.cpp (a seed nested 10000 deep, in the ASan build): compiling
// a condition recursed once per level and overflowed the stack. The document's nesting is
// now checked in one pass before anything recursive (json_shape.h), and the compiler
// bounds its own depth too.
TEST_CASE("conditions nested too deep are an error, not a crash", "[kb][errors][robustness]") {
  CHECK_NOTHROW(
      KnowledgeBase::load(kb_with_condition_text(nested("not", R"({"is": "a"})", 50)), "kb.json"));
  CHECK_THAT(load_error_text(kb_with_condition_text(nested("not", R"({"is": "a"})", 100))),
             Contains("nesting deeper than 64 levels"));
  CHECK_THAT(
      load_error_on_small_stack(kb_with_condition_text(nested("not", R"({"is": "a"})", 100000))),
      Contains("nesting deeper than 64 levels"));
}

// Found while fixing the one above: the list of `in` (and the value of `eq`) was copied,
// which also recurses as deep as the value nests.
TEST_CASE("a deeply nested choice list is an error, not a crash", "[kb][errors][robustness]") {
  const std::string deep = std::string(100000, '[') + "\"x\"" + std::string(100000, ']');
  CHECK_THAT(load_error_on_small_stack(kb_with_condition_text(R"({"in": ["c", )" + deep + "]}")),
             Contains("nesting deeper than 64 levels"));
  CHECK_THAT(load_error_on_small_stack(kb_with_condition_text(R"({"eq": ["c", )" + deep + "]}")),
             Contains("nesting deeper than 64 levels"));
  // Shallow enough for the shape check, still not a choice: the compiler says so.
  const std::string shallow = "[[[\"x\"]]]";
  CHECK_THAT(load_error_text(kb_with_condition_text(R"({"in": ["c", )" + shallow + "]}")),
             Contains("/triage_rules/0/when/in/1/0: expected a choice (a string)"));
}

// Found by tests/fuzz/fuzz_kb.cpp: keys quoted from the file, and the text nlohmann quotes
// after "last read:", could hold line breaks and other control characters.
TEST_CASE("load errors are one line whatever the file holds", "[kb][errors][robustness]") {
  const std::string key = load_error_text("{\"kb_format\": 1, \"a\\nb\": 2}");
  CHECK_THAT(key, Contains("/a\\nb: unknown key 'a\\nb'"));
  CHECK(key.find('\n') == std::string::npos);
  const std::string literal = load_error_text("[tru\x7f]");
  CHECK_THAT(literal, Contains("last read: '[tru\\x7f'"));
}

TEST_CASE("screens are loaded and checked: yes/no input findings, each in one screen",
          "[kb][screens]") {
  json kb = minimal_kb();
  kb["findings"].push_back(json::parse(R"({"id": "e", "type": "bool", "question": "E?"})"));
  kb["screens"] = json::parse(R"([{"id": "signs", "question": "Any of these?", "help": "Say.",
    "members": [{"finding": "a", "text": "a line"}, {"finding": "b", "text": "b line"}]}])");
  const auto loaded = test::load(kb);
  REQUIRE(loaded->screens().size() == 1);
  const Screen& s = loaded->screens()[0];
  CHECK(s.id == "signs");
  CHECK(s.question == "Any of these?");
  CHECK(s.help == "Say.");
  CHECK(s.members ==
        std::vector<std::size_t>{*loaded->find_finding("a"), *loaded->find_finding("b")});
  CHECK(s.member_text == std::vector<std::string>{"a line", "b line"});
  // The image carries them.
  const auto image = KnowledgeBase::from_image(loaded->to_image());
  REQUIRE(image->screens().size() == 1);
  CHECK(image->screens()[0].member_text == s.member_text);

  const auto with_member = [&](const json& member) {
    json broken = kb;
    broken["screens"][0]["members"][1] = member;
    return load_error(broken);
  };
  CHECK_THAT(with_member(json{{"finding", "n"}, {"text", "n"}}),
             Contains("/screens/0/members/1/finding: 'n' is not a yes/no finding"));
  CHECK_THAT(with_member(json{{"finding", "fevr"}, {"text", "x"}}),
             Contains("/screens/0/members/1/finding: unknown input finding 'fevr'"));
  CHECK_THAT(with_member(json{{"finding", "d"}, {"text", "x"}}),
             Contains("unknown input finding 'd'"));  // derived: never asked
  CHECK_THAT(with_member(json{{"finding", "a"}, {"text", "again"}}),
             Contains("'a' is already in the screen 'signs'"));
  CHECK_THAT(with_member(json{{"finding", "e"}}),
             Contains("/screens/0/members/1: missing required key 'text'"));
  CHECK_THAT(with_member(json{{"finding", "e"}, {"text", "x"}, {"when", true}}),
             Contains("unknown key 'when'"));
  json one = kb;
  one["screens"][0]["members"].erase(1);
  CHECK_THAT(load_error(one), Contains("/screens/0/members: a screen has 2 to 12 members"));
  json twice = kb;
  twice["screens"].push_back(twice["screens"][0]);
  twice["screens"][1]["members"] =
      json::parse(R"([{"finding": "e", "text": "e"}, {"finding": "a", "text": "a"}])");
  CHECK_THAT(load_error(twice), Contains("/screens/1/id: duplicate screen id 'signs'"));
  twice["screens"][1]["id"] = "other";
  CHECK_THAT(load_error(twice),
             Contains("/screens/1/members/1/finding: 'a' is already in the screen 'signs'"));
  json nameless = kb;
  nameless["screens"][0]["question"] = "";
  CHECK_THAT(load_error(nameless), Contains("/screens/0/question: a screen needs a question"));
  json not_list = kb;
  not_list["screens"] = json::object();
  CHECK_THAT(load_error(not_list), Contains("/screens: expected an array"));
}
