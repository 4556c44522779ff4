#include "batch_worker.h"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_kb.h"

using namespace spotcheck;
using namespace spotcheck::cli;
using nlohmann::json;

namespace {

// The test KB's triage: a & b emergency, a urgent, !a self_care, unknown a routine.
struct Fixture {
  std::shared_ptr<const KnowledgeBase> kb = test::load(test::minimal_kb());
  ResultWriter writer{*kb};
  WorkerSettings settings;
  Fixture() {
    settings.kb = kb.get();
    settings.writer = &writer;
    settings.origin = "in.jsonl";
    settings.max_line_bytes = 100;
  }
};

// A block of `lines`, numbered from 1, where an entry "<too long N>" stands for an
// oversized line of N bytes.
Block make_block(const std::vector<std::string>& lines) {
  Block b;
  std::uint64_t number = 0;
  for (const std::string& line : lines) {
    ++number;
    if (line.starts_with("<too long ")) {
      b.items.push_back({b.text.size(), 0, number, std::stoull(line.substr(10))});
      continue;
    }
    b.items.push_back({b.text.size(), line.size(), number, 0});
    b.text += line;
  }
  return b;
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("batch worker writes one line per case, results and error records in place",
          "[batch][worker]") {
  Fixture fx;
  CaseWorker worker(fx.settings);
  Block block = make_block({
      R"({"id":"ok1","a":true})",
      R"({"id":"bad1","aa":true})",
      R"({"a":false,"id":"later"} trailing)",
      R"({"c":"q","id":42})",
      "<too long 5000>",
      "not json at all",
      R"({"id":"ok2","a":true,"b":true})",
      R"({})",
  });
  block.items[3].line = 10;  // line numbers come from the items, not their position
  worker.process(block);

  const auto lines = split_lines(block.out.view());
  REQUIRE(lines.size() == 8);
  std::vector<json> docs;
  for (const auto& line : lines) docs.push_back(json::parse(line));

  CHECK(docs[0]["id"] == "ok1");
  CHECK(docs[0]["triage"]["level"] == "urgent");
  CHECK(docs[1]["id"] == "bad1");
  CHECK(docs[1]["line"] == 2);
  CHECK(docs[1]["error"]["code"] == "unknown_finding");
  CHECK(docs[1]["error"]["field"] == "aa");
  CHECK(docs[2]["id"] == "later");  // read after the point of failure
  CHECK(docs[2]["line"] == 3);
  CHECK(docs[2]["error"]["code"] == "invalid_json");
  CHECK(docs[3]["id"] == 42);
  CHECK(docs[3]["line"] == 10);
  CHECK(docs[3]["error"]["code"] == "unknown_choice");
  CHECK(docs[4]["id"].is_null());
  CHECK(docs[4]["line"] == 5);
  CHECK(docs[4]["error"]["code"] == "line_too_long");
  CHECK_THAT(docs[4]["error"]["message"].get<std::string>(), Catch::Contains("5000 bytes"));
  CHECK(docs[5]["error"]["code"] == "invalid_json");
  CHECK(docs[6]["triage"]["level"] == "emergency");
  CHECK(docs[7]["triage"]["level"] == "routine");

  CHECK(block.tally.cases == 8);
  CHECK(block.tally.errors == 5);
  CHECK(block.tally.per_level == std::vector<std::uint64_t>{1, 1, 1, 0});
  CHECK_FALSE(block.tally.fail_on_reached);

  const auto diag = split_lines(block.diag);
  REQUIRE(diag.size() == 5);
  CHECK(diag[0] == "spotcheck: in.jsonl:2:14: unknown finding 'aa' (did you mean 'a'?)");
  CHECK(diag[2].starts_with("spotcheck: in.jsonl:10:"));
  CHECK(diag[3].starts_with("spotcheck: in.jsonl:5:1: line is 5000 bytes"));
}

TEST_CASE("batch worker keeps its output valid UTF-8 JSON and one line per error",
          "[batch][worker]") {
  Fixture fx;
  CaseWorker worker(fx.settings);
  Block block =
      make_block({"{\"id\":\"bad \xff\xfe utf8\",\"a\":true}", "{\"id\":\"x\xc3\",\"q\\nq\":1}"});
  worker.process(block);
  const auto lines = split_lines(block.out.view());
  REQUIRE(lines.size() == 2);
  for (const auto& line : lines)
    CHECK_NOTHROW(json::parse(line));  // nlohmann rejects invalid UTF-8
  CHECK(json::parse(lines[0])["triage"]["level"] == "urgent");
  CHECK(json::parse(lines[1])["error"]["code"] == "unknown_finding");
  CHECK(split_lines(block.diag).size() == 1);  // the "\n" in the key does not break the line
}

TEST_CASE("batch worker honours fields, top and fail-on", "[batch][worker]") {
  Fixture fx;
  fx.settings.fields = kFieldId | kFieldTriage;
  fx.settings.fail_on = 1;  // urgent
  fx.settings.evaluation = {1, 0};
  CaseWorker worker(fx.settings);
  Block calm = make_block({R"({"id":1,"a":false})"});
  worker.process(calm);
  const json doc = json::parse(calm.out.view());
  CHECK(doc.size() == 2);
  CHECK(doc.contains("id"));
  CHECK(doc.contains("triage"));
  CHECK_FALSE(calm.tally.fail_on_reached);
  Block urgent = make_block({R"({"id":2,"a":true})"});
  worker.process(urgent);
  CHECK(urgent.tally.fail_on_reached);
}

TEST_CASE("batch worker reads CSV rows when given columns", "[batch][worker][csv]") {
  Fixture fx;
  const CsvColumns columns(*fx.kb, "id,a,b", 1, "in.csv");
  fx.settings.csv = &columns;
  fx.settings.origin = "in.csv";
  CaseWorker worker(fx.settings);
  Block block = make_block({"r1,yes,no", "r2,maybe,", "\"r3\",1,1"});
  worker.process(block);
  const auto lines = split_lines(block.out.view());
  REQUIRE(lines.size() == 3);
  CHECK(json::parse(lines[0])["triage"]["level"] == "urgent");
  CHECK(json::parse(lines[1])["id"] == "r2");
  CHECK(json::parse(lines[1])["error"]["code"] == "wrong_type");
  CHECK(json::parse(lines[2])["triage"]["level"] == "emergency");
  CHECK(block.diag ==
        "spotcheck: in.csv:2:4: 'a' takes yes or no (also y/n, true/false, 1/0), or unknown; "
        "not 'maybe'\n");
}

TEST_CASE("batch worker recovers an id only from JSON that has one", "[batch][worker]") {
  CHECK(recover_id(R"({"x":1,"id":"abc"})") == "\"abc\"");
  CHECK(recover_id(R"({"x":1,"id":12.5})") == "12.5");
  CHECK(recover_id(R"({"x":1,"id":[1]})").empty());
  CHECK(recover_id(R"({"x":1})").empty());
  CHECK(recover_id(R"({"id":"abc")").empty());
  CHECK(recover_id("[1,2]").empty());
}
