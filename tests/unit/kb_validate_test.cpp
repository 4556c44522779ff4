// validate_knowledge_base (kb_diagnostics.h) and the loader's collecting error model:
// one broken knowledge base per kind of problem (syntax, schema, references), each with its
// exact diagnostic, place, pointer and severity; several problems reported at once and in
// file order; no cascade from a skipped item; messy input; KnowledgeBase::load's one line.
// The logic checks (warnings) are in kb_lint_test.cpp.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <spotcheck/embedded_kb.h>
#include <spotcheck/error.h>
#include <spotcheck/kb_diagnostics.h>
#include <spotcheck/knowledge_base.h>

#include "broken_kb.h"

using namespace spotcheck;
using namespace spotcheck::test;
using namespace spotcheck::test::broken_kb;

namespace {
constexpr auto kError = KbSeverity::kError;
constexpr auto kSchema = KbCheckKind::kSchema;
constexpr auto kReference = KbCheckKind::kReference;
}  // namespace

TEST_CASE("the minimal knowledge base is clean, and so is the built-in one", "[kb_validate]") {
  const KbValidation minimal = validate_knowledge_base(minimal_kb_text(), "minimal.json");
  CHECK(minimal.diagnostics.empty());
  CHECK(minimal.errors == 0);
  REQUIRE(minimal.kb != nullptr);
  CHECK(minimal.kb->name() == "minimal");
  const KbValidation built_in = validate_knowledge_base(embedded_kb_text(), "<built-in>");
  for (const KbDiagnostic& d : built_in.diagnostics) INFO(format_kb_diagnostic("<built-in>", d));
  CHECK(built_in.errors == 0);
  CHECK(built_in.warnings == 0);  // docs/kb-format.md says so
  CHECK(built_in.kb != nullptr);
}

TEST_CASE("schema problems: missing, unknown and mistyped keys, bad and duplicate ids",
          "[kb_validate]") {
  SECTION("a missing key") {
    expect_only(
        minimal_with(R"(, "question": "Is there a fever?"})", "}"),
        {"/findings/1", kError, kSchema, "missing required key 'question'", R"({"id": "fever")"});
  }
  SECTION("an unknown key, with the key it probably meant") {
    expect_only(minimal_with(R"("Is there a fever?"})", R"("Is there a fever?", "questoin": "x"})"),
                {"/findings/1/questoin", kError, kSchema,
                 "unknown key 'questoin' (did you mean 'question'?)", R"("x"})"});
  }
  SECTION("a wrong type") {
    expect_only(minimal_with(R"("min": 0,)", R"("min": "0",)"),
                {"/findings/0/min", kError, kSchema, "expected a number", R"("0")"});
  }
  SECTION("an id that is not snake_case") {
    expect_only(minimal_with(R"({"id": "guide", "title": "A guide to spots"})",
                             R"({"id": "guide", "title": "A guide to spots"},
    {"id": "Other-Guide", "title": "Another"})"),
                {"/sources/1/id", kError, kSchema,
                 "source id 'Other-Guide' must be lower-case snake_case", R"("Other-Guide")"});
  }
  SECTION("a key given twice in one object, at the second") {
    const std::string text =
        minimal_with(R"("fever", "type": "bool",)", R"("fever", "type": "bool", "type": "bool",)");
    expect_only(text, {"/findings/1/type", kError, kSchema,
                       "duplicate key 'type' in one object (a JSON object may name a key only "
                       "once)",
                       R"("type": "bool", "question": "Is there a fever?")"});
  }
  SECTION("a duplicate id") {
    expect_only(minimal_with(R"("id": "raised_rash")", R"("id": "child_fever")"),
                {"/triage_rules/1/id", kError, kReference, "duplicate rule id 'child_fever'",
                 R"("child_fever", "level": "urgent", "when": {"eq")"});
  }
  SECTION("a red flag without a floor") {
    expect_only(minimal_with(R"("floor": "emergency", )", ""),
                {"/findings/3/red_flag", kError, kSchema, "missing required key 'floor'",
                 R"({"text": "A stiff neck)"});
  }
  SECTION("a rule without a source") {
    expect_only(minimal_with(R"("Raised spots.", "sources": ["guide"]})", R"("Raised spots."})"),
                {"/triage_rules/1", kError, kSchema,
                 "missing required key 'sources': every rule and cause names its sources",
                 R"({"id": "raised_rash")"});
  }
  SECTION("a cause without a source") {
    expect_only(minimal_with(R"("prevalence": "common", "sources": ["guide"],)",
                             R"("prevalence": "common",)"),
                {"/causes/1", kError, kSchema,
                 "missing required key 'sources': every rule and cause names its sources",
                 R"({"id": "viral_rash")"});
  }
}

TEST_CASE("reference problems: what names something that does not exist or does not fit",
          "[kb_validate]") {
  SECTION("an unknown finding") {
    expect_only(minimal_with(R"({"is": "fever"}, {"lt")", R"({"is": "fevr"}, {"lt")"),
                {"/conditions/febrile_child/all/0/is", kError, kReference,
                 "unknown finding 'fevr' (did you mean 'fever'?)", R"("fevr")"});
  }
  SECTION("an unknown cause") {
    expect_only(minimal_with(R"("points_to": ["meningitis"])", R"("points_to": ["meningitus"])"),
                {"/triage_rules/0/points_to/0", kError, kReference,
                 "unknown cause 'meningitus' (did you mean 'meningitis'?)", R"("meningitus")"});
  }
  SECTION("an unknown category") {
    expect_only(minimal_with(R"("category": "infection", "description": "An infection.")",
                             R"("category": "infections", "description": "An infection.")"),
                {"/causes/0/category", kError, kReference, "unknown category 'infections'",
                 R"("infections")"});
  }
  SECTION("an unknown level") {
    expect_only(
        minimal_with(R"("level": "urgent", "when": {"eq")", R"("level": "urgnt", "when": {"eq")"),
        {"/triage_rules/1/level", kError, kReference, "unknown triage level 'urgnt'",
         R"("urgnt")"});
  }
  SECTION("a choice the finding does not have") {
    expect_only(minimal_with(R"({"eq": ["rash", "raised"]})", R"({"eq": ["rash", "bumpy"]})"),
                {"/triage_rules/1/when/eq/1", kError, kReference,
                 "'bumpy' is not a choice of 'rash' (choices: flat, raised)", R"("bumpy")"});
  }
  SECTION("a number comparison on a yes/no finding") {
    expect_only(minimal_with(R"({"eq": ["rash", "raised"]})", R"({"lt": ["fever", 3]})"),
                {"/triage_rules/1/when/lt/0", kError, kReference,
                 "finding 'fever' is a bool, but this operator needs a number", R"("fever", 3])"});
  }
  SECTION("derived findings in a cycle, reported once") {
    const std::string derived = R"("derived": [
    {"id": "a", "type": "bool", "question": "A?", "otherwise": {"basis": "-", "text": "-"},
     "cases": [{"when": {"is": "b"}, "value": true, "basis": "b", "text": "b"}]},
    {"id": "b", "type": "bool", "question": "B?", "otherwise": {"basis": "-", "text": "-"},
     "cases": [{"when": {"is": "a"}, "value": true, "basis": "a", "text": "a"}]}],)";
    expect_only(minimal_with(R"("derived": [],)", derived),
                {"/derived/0", kError, kReference,
                 "derived findings depend on each other in a cycle: a -> b -> a", R"({"id": "a")"});
  }
  SECTION("a must-not-miss cause that does not exist") {
    expect_only(
        minimal_with(R"("must_not_miss": ["meningitis"])", R"("must_not_miss": ["meningitus"])"),
        {"/must_not_miss/0", kError, kReference,
         "unknown cause 'meningitus' (did you mean 'meningitis'?)", R"("meningitus")"});
  }
}

TEST_CASE("several problems are all reported, in file order", "[kb_validate]") {
  std::string text = minimal_with(R"("min": 0,)", R"("min": "0",)");
  text = patched(text, R"("level": "urgent", "when": {"eq")", R"("level": "urgnt", "when": {"eq")");
  text = patched(text, R"("category": "infection", "description": "A rash.")",
                 R"("category": "viral", "description": "A rash.")");
  // Two bad evidence items of one cause: both, not only the first.
  text = patched(text, R"("weight": 2,)", R"("weight": "2",)");
  text = patched(text, R"("weight": 1,)", R"("weight": 1, "weigth": 1,)");
  const KbValidation v = validate_knowledge_base(text, "kb.json");
  const std::vector<std::string> pointers = {"/findings/0/min", "/triage_rules/1/level",
                                             "/causes/0/evidence/0/weight", "/causes/1/category",
                                             "/causes/1/evidence/0/weigth"};
  REQUIRE(v.diagnostics.size() == pointers.size());
  CHECK(v.errors == pointers.size());
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    CHECK(v.diagnostics[i].pointer == pointers[i]);
    if (i > 0) CHECK(v.diagnostics[i].offset > v.diagnostics[i - 1].offset);
  }
  CHECK(v.diagnostics[2].message == "expected a number");
  CHECK(v.diagnostics[4].message == "unknown key 'weigth' (did you mean 'weight'?)");
  // Normal loading refuses it with the first error, and says there are more.
  try {
    KnowledgeBase::load(text, "kb.json");
    FAIL("loaded a broken knowledge base");
  } catch (const KbError& e) {
    const Place p = place_of(text, R"("0")");
    CHECK(std::string(e.what()) ==
          fmt::format("kb.json:{}:{}: /findings/0/min: expected a number (and 4 more problems: "
                      "'spotcheck kb validate' lists them all)",
                      p.line, p.column));
    CHECK(e.exit_code() == kExitData);
  }
}

TEST_CASE("no cascade: what refers to a skipped item gives no second error", "[kb_validate]") {
  SECTION("a finding that failed: the condition, rule and evidence reading it are quiet") {
    expect_only(minimal_with(R"("type": "bool", "question": "Is there a fever?")",
                             R"("type": "boolean", "question": "Is there a fever?")"),
                {"/findings/1/type", kError, kSchema,
                 "unknown type 'boolean' (bool, number or choice)", R"("boolean")"});
  }
  SECTION("a cause that failed: points_to and must_not_miss naming it are quiet") {
    expect_only(minimal_with(R"("weight": 2,)", R"("weight": "2",)"),
                {"/causes/0/evidence/0/weight", kError, kSchema, "expected a number", R"("2")"});
  }
  SECTION("a named condition that failed is reported once, however often it is used") {
    std::string text = minimal_with(R"("adult_age"]}]})", R"("adult_ages"]}]})");
    text = patched(text, R"("when": {"eq": ["rash", "raised"]})",
                   R"("when": {"all": [{"ref": "febrile_child"}, {"eq": ["rash", "raised"]}]})");
    expect_only(text, {"/conditions/febrile_child/all/1/lt/1", kError, kReference,
                       "unknown threshold 'adult_ages'", R"("adult_ages")"});
  }
  SECTION("a section that is not a list: nothing that refers into it is reported") {
    expect_only(minimal_with(R"("categories": [
    {"id": "infection", "name": "Infection"}
  ],)",
                             R"("categories": {"infection": "Infection"},)"),
                {"/categories", kError, kSchema, "expected an array", R"({"infection")"});
  }
  SECTION("the fallback rule that failed: no 'one rule must be the fallback' too") {
    expect_only(minimal_with(R"("No specific rule matched.", "sources": ["guide"]})",
                             R"("No specific rule matched.", "sources": ["nowhere"]})"),
                {"/triage_rules/2/sources/0", kError, kReference, "unknown source 'nowhere'",
                 R"("nowhere")"});
  }
}

TEST_CASE("messy input: each a clear diagnostic, never a crash", "[kb_validate]") {
  // A syntax error stops everything: there is one diagnostic, with a place but no pointer.
  const auto only_syntax_error = [](const std::string& text, const std::string& marker_or_end,
                                    const std::string& contains) {
    const KbValidation v = validate_knowledge_base(text, "kb.json");
    REQUIRE(v.diagnostics.size() == 1);
    const KbDiagnostic& d = v.diagnostics[0];
    CHECK(d.severity == KbSeverity::kError);
    CHECK(d.kind == KbCheckKind::kSyntax);
    CHECK_FALSE(d.has_pointer);
    CHECK_THAT(d.message, Catch::StartsWith("invalid JSON: ") && Catch::Contains(contains));
    const Place p =
        marker_or_end.empty() ? place_of(text + "\x01", "\x01") : place_of(text, marker_or_end);
    CHECK(d.line == p.line);
    CHECK(d.column == p.column);
    CHECK(v.kb == nullptr);
    CHECK(format_kb_diagnostic("kb.json", d) ==
          fmt::format("kb.json:{}:{}: error: {}", d.line, d.column, d.message));
  };
  SECTION("an empty file") {
    only_syntax_error("", "", "unexpected end of input");
  }
  SECTION("only white space") {
    only_syntax_error("\n\n  ", "", "unexpected end of input");
  }
  SECTION("truncated JSON") {
    const std::string text = minimal_kb_text().substr(0, minimal_kb_text().find(R"("causes")"));
    only_syntax_error(text, "", "unexpected end of input");
  }
  SECTION("invalid UTF-8 in a string") {
    const std::string text = minimal_with("A guide to spots", "A guide \xff spots");
    const KbValidation v = validate_knowledge_base(text, "kb.json");
    REQUIRE(v.diagnostics.size() == 1);
    CHECK(v.diagnostics[0].kind == KbCheckKind::kSyntax);
    CHECK(v.diagnostics[0].line == place_of(text, "\xff").line);
    CHECK_THAT(v.diagnostics[0].message, Catch::Contains("ill-formed UTF-8"));
  }
  SECTION("a number beyond double range") {
    only_syntax_error(minimal_with(R"("weight": 2,)", R"("weight": 1e309,)"), "1e309",
                      "number overflow");
  }
  SECTION("a byte order mark: a warning, and places after it still right") {
    const std::string bom = "\xEF\xBB\xBF";
    const KbValidation clean = validate_knowledge_base(bom + minimal_kb_text(), "kb.json");
    REQUIRE(clean.diagnostics.size() == 1);
    CHECK(clean.diagnostics[0].severity == KbSeverity::kWarning);
    CHECK(clean.diagnostics[0].line == 1);
    CHECK(clean.diagnostics[0].column == 1);
    CHECK(clean.kb != nullptr);
    const std::string text = bom + minimal_with(R"("name": "minimal")", R"("name": 7)");
    const KbValidation v = validate_knowledge_base(text, "kb.json");
    REQUIRE(v.diagnostics.size() == 2);
    CHECK(v.diagnostics[1].pointer == "/name");
    CHECK(v.diagnostics[1].line == place_of(text, "7,").line);
    CHECK(v.diagnostics[1].column == place_of(text, "7,").column);
  }
  SECTION("nesting too deep: one error, and reading stops") {
    const std::string deep = std::string(100, '[') + std::string(100, ']');
    const std::string text = minimal_with(R"("derived": [],)", R"("derived": )" + deep + ",");
    const KbValidation v = validate_knowledge_base(text, "kb.json");
    REQUIRE(v.diagnostics.size() == 1);
    CHECK(v.diagnostics[0].message ==
          "nesting deeper than 64 levels (a knowledge base never needs it)");
    CHECK(v.diagnostics[0].line == place_of(text, "[[[").line);
  }
  SECTION("not an object") {
    const KbValidation v = validate_knowledge_base("[1, 2]", "kb.json");
    REQUIRE(v.diagnostics.size() == 1);
    CHECK(v.diagnostics[0].pointer.empty());
    CHECK(v.diagnostics[0].message == "a knowledge base is a JSON object");
    CHECK(format_kb_diagnostic("kb.json", v.diagnostics[0]) ==
          "kb.json:1:1: error: /: a knowledge base is a JSON object");
  }
  SECTION("hostile keys stay on one line") {
    const std::string text =
        minimal_with(R"("kb_format": 1,)", R"("kb_format": 1, "a\nb\u0007": 0,)");
    const KbValidation v = validate_knowledge_base(text, "kb.json");
    REQUIRE(v.diagnostics.size() == 1);
    CHECK(v.diagnostics[0].message == "unknown key 'a\\nb\\x07'");
  }
  SECTION("thousands of problems: the first ones, then a note that checking stopped") {
    std::string keys;
    for (int i = 0; i < 1000; ++i) keys += fmt::format(R"("unknown_{}": 0, )", i);
    const KbValidation v = validate_knowledge_base(
        minimal_with(R"("kb_format": 1,)", keys + R"("kb_format": 1,)"), "kb.json");
    REQUIRE(v.diagnostics.size() == kMaxKbDiagnostics);
    CHECK(v.diagnostics.back().message ==
          fmt::format("more than {} problems: stopping here", kMaxKbDiagnostics - 1));
    CHECK(v.errors == kMaxKbDiagnostics);
  }
}

// As tests/fuzz/fuzz_kb.cpp checks on every input it tries, here on its seeds (hostile
// files, and the inputs of past findings): validating never throws, gives one-line
// diagnostics in file order, and finds errors exactly when loading fails.
TEST_CASE("on the fuzz seeds, validation agrees with loading", "[kb_validate][robustness]") {
  std::size_t seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SPOTCHECK_SOURCE_DIR) +
                                                               "/tests/fuzz/corpus/fuzz_kb")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    INFO(entry.path().filename().string());
    const KbValidation v = validate_knowledge_base(text, "seed.json");
    for (std::size_t i = 0; i < v.diagnostics.size(); ++i) {
      CHECK(format_kb_diagnostic("seed.json", v.diagnostics[i]).find('\n') == std::string::npos);
      if (i > 0) CHECK(v.diagnostics[i].offset >= v.diagnostics[i - 1].offset);
    }
    bool loads = true;
    try {
      KnowledgeBase::load(text, "seed.json");
    } catch (const KbError&) {
      loads = false;
    }
    CHECK(loads == (v.errors == 0));
    ++seeds;
  }
  CHECK(seeds >= 20);
}

TEST_CASE("each screen is checked on its own, and a member that failed is not reported twice",
          "[kb_validate]") {
  std::string text(embedded_kb_text());
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  // Two screens broken in different ways: both reported, in file order.
  replace(R"({"finding": "bleeding_wont_stop", "text")",
          R"({"finding": "bleeding_wont_stp", "text")");
  replace(R"({"finding": "head_injury", "text")", R"({"finding": "age", "text")");
  KbValidation v = validate_knowledge_base(text, "kb.json");
  REQUIRE(v.errors == 2);
  CHECK(v.diagnostics[0].pointer == "/screens/1/members/0/finding");
  CHECK_THAT(v.diagnostics[0].message,
             Catch::Contains("unknown input finding 'bleeding_wont_stp'"));
  CHECK(v.diagnostics[1].pointer == "/screens/2/members/0/finding");
  CHECK_THAT(v.diagnostics[1].message, Catch::Contains("'age' is not a yes/no finding"));

  // A finding that failed to load: its own error, and none from the screen listing it.
  text = std::string(embedded_kb_text());
  replace(R"({"id": "head_injury", "type": "bool")", R"({"id": "head_injury", "type": "boolean")");
  v = validate_knowledge_base(text, "kb.json");
  REQUIRE(v.errors >= 1);
  for (const KbDiagnostic& d : v.diagnostics) CHECK(d.pointer.rfind("/screens", 0) != 0);
}
