// A corpus of hostile input run through the binary: `query`, `batch` and `--kb` each answer
// with a result or one clear line and the documented exit code, never a crash; batch keeps
// one valid UTF-8 JSON line per case.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <spotcheck/embedded_kb.h>

#include "run_spotcheck.h"

using namespace spotcheck::test;
using Catch::Contains;
using nlohmann::json;

namespace {

// Hostile cases, one per entry (none holds a newline, so each is one batch line).
std::vector<std::pair<std::string, std::string>> hostile_cases() {
  std::string nested(5000, '[');
  nested += std::string(5000, ']');
  std::string many_keys = "{";
  for (int i = 0; i < 20000; ++i) many_keys += fmt::format("\"k{}\": 1,", i);
  many_keys += "\"age\": 3}";
  return {
      {"bom", "\xEF\xBB\xBF{\"age\": 3, \"fever\": true}"},
      {"crlf", "{\"age\": 3, \"fever\": true}\r"},
      {"nul", std::string("{\"age\": 3,\0 \"fever\": true}", 26)},
      {"nul in key", std::string("{\"fe\0ver\": true}", 16)},
      {"invalid utf-8 key", "{\"fev\xff\xfer\": true}"},
      {"invalid utf-8 id", "{\"id\": \"a\xc3\x28\", \"age\": 3}"},
      {"deep nesting", nested},
      {"20k keys", many_keys},
      {"200 KB string", "{\"lesion\": \"" + std::string(200000, 'p') + "\"}"},
      {"200 KB key", "{\"" + std::string(200000, 'k') + "\": true}"},
      {"1e309", "{\"age\": 1e309}"},
      {"-0", "{\"age\": -0, \"size_mm\": 2}"},
      {"duplicate key", "{\"fever\": true, \"fever\": false}"},
      {"wrong types", "{\"age\": [1], \"fever\": {}, \"lesion\": 3.5}"},
      {"escape sequences", "{\"\x1b[31mred\x1b[0m\": true, \"age\": 3}"},
      {"not an object", "[1, 2, 3]"},
      {"bare word", "fever"},
      {"truncated", "{\"age\": 3, \"fev"},
      {"huge number", "{\"age\": 123456789012345678901234567890}"},
      {"yes as text", "{\"fever\": \"YES\", \"age\": \"2 weeks\"}"},
  };
}

std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("spotcheck-hostile-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

bool valid_utf8_json(const std::string& line) {
  try {
    const json parsed = json::parse(line);  // nlohmann rejects invalid UTF-8
    return !parsed.is_discarded();
  } catch (const json::exception&) {
    return false;
  }
}

}  // namespace

TEST_CASE("hostile cases through query: a result or one clear line, never a crash", "[hostile]") {
  for (const auto& [name, text] : hostile_cases()) {
    INFO(name);
    const Run r = run_spotcheck({"query", "--json", "-"}, text);
    CHECK((r.status == 0 || r.status == 65));
    if (r.status == 0) {
      CHECK(valid_utf8_json(r.out));
      CHECK(r.err.empty());
    } else {
      CHECK(r.out.empty());
      CHECK(count_lines(r.err) == 1);
      CHECK_THAT(r.err, Contains("spotcheck: error: <stdin>:"));
      // Escape sequences and control bytes in the input never reach the terminal raw.
      CHECK(r.err.find('\x1b') == std::string::npos);
      CHECK(r.err.size() < 600);
    }
  }
}

TEST_CASE("hostile cases through batch: one valid UTF-8 JSON line per case", "[hostile]") {
  std::string input;
  const auto cases = hostile_cases();
  for (const auto& [name, text] : cases) input += text + "\n";
  for (const char* jobs : {"1", "2"}) {
    const Run r = run_spotcheck({"batch", "-q", "--jobs", jobs, "-"}, input);
    CHECK(r.status == 65);  // some lines are bad: every line written, then 65
    REQUIRE(count_lines(r.out) == cases.size());
    std::istringstream lines(r.out);
    std::string line;
    for (std::size_t i = 0; std::getline(lines, line); ++i) {
      INFO(cases[i].first);
      CHECK(valid_utf8_json(line));
    }
  }
}

TEST_CASE("hostile knowledge bases through --kb: one clear line, exit 65 or 66", "[hostile]") {
  const auto dir = temp_dir("kb");
  const std::string good(spotcheck::embedded_kb_text());
  std::vector<std::pair<std::string, std::string>> kbs = {
      {"empty", ""},
      {"nul", std::string("{\"kb_format\": 1,\0}", 18)},
      {"invalid utf-8", "{\"kb_format\": 1, \"name\": \"\xff\"}"},
      {"1e309", "{\"kb_format\": 1e309}"},
      {"deep", std::string(100000, '[') + std::string(100000, ']')},
      {"duplicate key", "{\"kb_format\": 1, \"kb_format\": 1}"},
      {"truncated", good.substr(0, good.size() / 2)},
      {"escape in a key", "{\"\x1b[2J\": 1}"},
  };
  for (const auto& [name, text] : kbs) {
    INFO(name);
    std::ofstream(dir / "kb.json", std::ios::binary) << text;
    const Run r = run_spotcheck({"query", "--kb", (dir / "kb.json").string(), "--fever"});
    CHECK(r.status == 65);
    CHECK(r.out.empty());
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find('\x1b') == std::string::npos);
  }
  // A byte-order mark before a good knowledge base is harmless.
  std::ofstream(dir / "kb.json", std::ios::binary) << "\xEF\xBB\xBF" + good;
  CHECK(run_spotcheck({"query", "--kb", (dir / "kb.json").string(), "--fever"}).status == 0);
  // Special files: a directory, and a file that is not there.
  Run r = run_spotcheck({"query", "--kb", dir.string(), "--fever"});
  CHECK((r.status == 65 || r.status == 66));
  CHECK(count_lines(r.err) == 1);
  r = run_spotcheck({"query", "--kb", (dir / "none.json").string(), "--fever"});
  CHECK(r.status == 66);
  std::filesystem::remove_all(dir);
}

TEST_CASE("special files as input and output", "[hostile]") {
  const auto dir = temp_dir("files");
  std::ofstream(dir / "empty.json") << "";
  Run r = run_spotcheck({"query", "--case", (dir / "empty.json").string()});
  CHECK(r.status == 65);
  CHECK(count_lines(r.err) == 1);
  r = run_spotcheck({"query", "--case", dir.string()});
  CHECK((r.status == 65 || r.status == 66));
  CHECK(count_lines(r.err) == 1);
  r = run_spotcheck({"batch", "-q", dir.string()});
  CHECK((r.status == 65 || r.status == 66));
  CHECK(count_lines(r.err) == 1);
  // /dev/full: the write error is exit 74 with one line, for query and batch.
  r = run_spotcheck({"batch", "-q", "-o", "/dev/full", "-"}, "{\"age\": 3}\n");
  CHECK(r.status == 74);
  CHECK(count_lines(r.err) == 1);
  // (An unreadable file cannot be made for root, who runs CI: its code, 66, is the same
  // path as a missing file, tested above.)
  std::filesystem::remove_all(dir);
}
