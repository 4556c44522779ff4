// `spotcheck kb validate` end to end: compiler-like lines and a summary on stdout, JSON
// with --json, exit 0 / 65 (and --strict), the knowledge base in use by default, stdin,
// files that cannot be read; and --kb on other commands still refused with one line.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "broken_kb.h"
#include "run_spotcheck.h"

using namespace spotcheck;
using namespace spotcheck::test;
using namespace spotcheck::test::broken_kb;
using Catch::Contains;
using nlohmann::json;

namespace {

// A file in the test's temporary directory, removed with it.
struct TempKb {
  explicit TempKb(const std::string& text, const std::string& name = "kb.json") {
    dir = std::filesystem::temp_directory_path() /
          fmt::format("spotcheck-validate-{}-{}", ::getpid(), counter()++);
    std::filesystem::create_directories(dir);
    path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempKb() { std::filesystem::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path dir;
  std::string path;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    out.push_back(text.substr(start, end - start));
  return out;
}

// Three errors, in three sections.
std::string broken_text() {
  std::string text = minimal_with(R"("min": 0,)", R"("min": "0",)");
  text = patched(text, R"("level": "urgent", "when": {"eq")", R"("level": "urgnt", "when": {"eq")");
  text = patched(text, R"("category": "infection", "description": "A rash.")",
                 R"("category": "viral", "description": "A rash.")");
  return text;
}

}  // namespace

TEST_CASE("kb validate: the built-in knowledge base, as it is and through a pipe", "[cli_kb]") {
  const Run r = run_spotcheck({"kb", "validate"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out == "0 errors, 0 warnings\n");
  CHECK(r.err.empty());
  const Run dump = run_spotcheck({"kb", "dump"});
  REQUIRE(dump.status == 0);
  const Run piped = run_spotcheck({"kb", "validate", "-"}, dump.out);
  CHECK(piped.status == 0);
  CHECK(piped.out == "0 errors, 0 warnings\n");
}

TEST_CASE("kb validate: every problem, compiler-like, in file order, exit 65", "[cli_kb]") {
  const std::string text = broken_text();
  TempKb kb(text);
  const Run r = run_spotcheck({"kb", "validate", kb.path});
  INFO(r.out << r.err);
  CHECK(r.status == 65);
  CHECK(r.err.empty());
  const auto at = [&](const char* marker) {
    const Place p = place_of(text, marker);
    return fmt::format("{}:{}:{}", kb.path, p.line, p.column);
  };
  const std::vector<std::string> expected = {
      at(R"("0")") + ": error: /findings/0/min: expected a number",
      at(R"("urgnt")") + ": error: /triage_rules/1/level: unknown triage level 'urgnt'",
      at(R"("viral")") + ": error: /causes/1/category: unknown category 'viral'",
      "3 errors, 0 warnings"};
  CHECK(lines_of(r.out) == expected);

  SECTION("the same through --kb, which would otherwise refuse to start") {
    const Run via_kb = run_spotcheck({"--kb", kb.path, "kb", "validate"});
    CHECK(via_kb.status == 65);
    CHECK(lines_of(via_kb.out) == expected);
    const Run via_env = run_spotcheck({"kb", "validate"}, "", {"SPOTCHECK_KB=" + kb.path});
    CHECK(lines_of(via_env.out) == expected);
  }
  SECTION("other commands refuse it with the first error on one line") {
    const Run query = run_spotcheck({"--kb", kb.path, "query", "--fever"});
    CHECK(query.status == 65);
    CHECK(query.out.empty());
    CHECK(count_lines(query.err) == 1);
    CHECK(query.err ==
          fmt::format("spotcheck: error: {}: /findings/0/min: expected a number (and 2 more "
                      "problems: 'spotcheck kb validate' lists them all)\n",
                      at(R"("0")")));
  }
  SECTION("--json: the same problems as data") {
    const Run j = run_spotcheck({"kb", "validate", "--json", kb.path});
    CHECK(j.status == 65);
    const json doc = json::parse(j.out);
    CHECK(doc["file"] == kb.path);
    CHECK(doc["errors"] == 3);
    CHECK(doc["warnings"] == 0);
    REQUIRE(doc["diagnostics"].size() == 3);
    const json& first = doc["diagnostics"][0];
    const Place p = place_of(text, R"("0")");
    CHECK(first == json({{"file", kb.path},
                         {"line", p.line},
                         {"column", p.column},
                         {"pointer", "/findings/0/min"},
                         {"severity", "error"},
                         {"kind", "schema"},
                         {"message", "expected a number"}}));
    CHECK(doc["diagnostics"][1]["kind"] == "reference");
  }
}

TEST_CASE("kb validate: warnings pass, unless --strict", "[cli_kb]") {
  const std::string text = minimal_with(R"("weight": 1,)", R"("weight": -1,)");
  TempKb kb(text);
  const Run r = run_spotcheck({"kb", "validate", kb.path});
  CHECK(r.status == 0);
  const Place p = place_of(text, R"([{"when": {"eq": ["rash", "flat"]})");
  CHECK(lines_of(r.out) ==
        std::vector<std::string>{
            fmt::format("{}:{}:{}: warning: /causes/1/evidence: no evidence can raise cause "
                        "'viral_rash' (no positive weight on an outcome its condition can "
                        "have): it ranks only by its prior",
                        kb.path, p.line, p.column),
            "0 errors, 1 warning"});
  CHECK(run_spotcheck({"kb", "validate", "--strict", kb.path}).status == 65);
  // A knowledge base with warnings only is still loaded by the other commands.
  CHECK(run_spotcheck({"--kb", kb.path, "query", "--fever"}).status == 0);
}

TEST_CASE("kb validate: messy files and arguments", "[cli_kb]") {
  SECTION("a syntax error: one line with a place, no pointer") {
    TempKb kb("{\"kb_format\": 1,\n  \"name\": ");
    const Run r = run_spotcheck({"kb", "validate", kb.path});
    CHECK(r.status == 65);
    const auto out = lines_of(r.out);
    REQUIRE(out.size() == 2);
    CHECK_THAT(out[0], Catch::StartsWith(kb.path + ":2:") && Contains(": error: invalid JSON: "));
    CHECK(out[1] == "1 error, 0 warnings");
  }
  SECTION("an empty file from stdin") {
    const Run r = run_spotcheck({"kb", "validate", "-"}, "");
    CHECK(r.status == 65);
    CHECK_THAT(r.out, Catch::StartsWith("<stdin>:1:1: error: invalid JSON: "));
  }
  SECTION("hostile bytes are shown escaped") {
    TempKb kb(minimal_with(R"("kb_format": 1,)", "\"kb_format\": 1, \"\x1b[31m\": 0,"));
    const Run r = run_spotcheck({"kb", "validate", kb.path});
    CHECK(r.status == 65);
    CHECK(r.out.find('\x1b') == std::string::npos);
  }
  SECTION("a file that does not exist, a directory: 66 and one line on stderr") {
    const Run missing = run_spotcheck({"kb", "validate", "/nonexistent/kb.json"});
    CHECK(missing.status == 66);
    CHECK(missing.out.empty());
    CHECK(count_lines(missing.err) == 1);
    TempKb kb("{}");
    const Run dir = run_spotcheck({"kb", "validate", kb.dir.string()});
    CHECK(dir.status == 66);
    CHECK(dir.out.empty());
    CHECK_THAT(dir.err, Contains("Is a directory"));
  }
  SECTION("a FILE is for validate only") {
    const Run r = run_spotcheck({"kb", "info", "x.json"});
    CHECK(r.status == 64);
    CHECK_THAT(r.err, Contains("only 'kb validate' does"));
  }
}
