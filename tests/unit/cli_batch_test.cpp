// End-to-end tests of `spotcheck batch`: the built binary, real files, real pipes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "batch_progress.h"
#include "child_process.h"
#include "read_all.h"
#include "run_spotcheck.h"
#include "test_kb.h"

using nlohmann::json;
using spotcheck::cli::with_commas;
using spotcheck::test::count_lines;
using spotcheck::test::Run;
using spotcheck::test::run_program;
using spotcheck::test::run_spotcheck;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "spotcheck-batch-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()));
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name, const std::string& content) const {
    const std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }
  // The small test knowledge base (triage: a & b emergency, a urgent, !a self_care,
  // unknown routine), so these tests do not move when the shipped one is tuned.
  std::string kb() const { return file("kb.json", spotcheck::test::minimal_kb().dump()); }

 private:
  fs::path path_;
};

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

using spotcheck::test::read_file;

Run sh(const std::string& script) {
  return run_program("/bin/sh", {"-c", script});
}

// Input where cases cost very different amounts: cheap valid ones, invalid JSON, unknown
// keys, blank lines, big valid lines and lines over the 4096-byte limit. Each non-blank
// line i (1-based) expects: its id "n<i>", or for an oversized line a null id.
struct Mixed {
  std::string text;
  std::vector<std::uint64_t> case_lines;  // input line of each case, in order
  std::vector<std::string> kinds;         // "ok", "error", "too_long"
};

Mixed mixed_input(int lines) {
  Mixed m;
  for (int i = 1; i <= lines; ++i) {
    const std::string id = fmt::format("\"n{}\"", i);
    if (i % 7 == 0) {
      m.text += i % 14 == 0 ? "\n" : "  \r\n";
      continue;
    }
    m.case_lines.push_back(static_cast<std::uint64_t>(i));
    if (i % 97 == 0) {
      m.text += "{\"id\":" + id + ",\"a\":true,\"pad\":\"" + std::string(20000, 'x') + "\"}\n";
      m.kinds.push_back("too_long");
    } else if (i % 11 == 0) {
      m.text += "{\"id\":" + id + ",\"a\":tru}\n";
      m.kinds.push_back("error");
    } else if (i % 13 == 0) {
      m.text += "{\"aa\":true,\"id\":" + id + "}\n";
      m.kinds.push_back("error");
    } else if (i % 31 == 0) {
      m.text += fmt::format("{{\"id\":{},\"c\":\"x\",\"n\":{}}}{}\n", id, i % 100,
                            std::string(3000, ' '));  // big, valid
      m.kinds.push_back("ok");
    } else {
      m.text +=
          fmt::format("{{\"id\":{},\"a\":{},\"n\":{}}}\n", id, i % 2 ? "true" : "false", i % 100);
      m.kinds.push_back("ok");
    }
  }
  return m;
}

}  // namespace

TEST_CASE("cli batch keeps input order and one line per case, whatever --jobs", "[batch][cli]") {
  TempDir dir;
  const std::string kb = dir.kb();
  const Mixed m = mixed_input(20000);
  const std::string input = dir.file("mixed.jsonl", m.text);
  const Run one =
      run_spotcheck({"--kb", kb, "batch", "--jobs", "1", "--max-line-bytes", "4096", input});
  CHECK(one.status == 65);  // some cases failed, after every line was written
  const auto lines = lines_of(one.out);
  REQUIRE(lines.size() == m.case_lines.size());
  std::size_t errors = 0;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const json doc = json::parse(lines[k]);
    const std::string expected_id = fmt::format("n{}", m.case_lines[k]);
    if (m.kinds[k] == "ok") {
      CHECK(doc["id"] == expected_id);
      CHECK(doc.contains("triage"));
    } else {
      ++errors;
      CHECK(doc["line"] == m.case_lines[k]);
      if (m.kinds[k] == "too_long") {
        CHECK(doc["id"].is_null());
        CHECK(doc["error"]["code"] == "line_too_long");
      } else {
        CHECK(doc["id"] == expected_id);
      }
    }
  }
  CHECK_THAT(one.err, Catch::Contains(
                          fmt::format("{} cases read", spotcheck::cli::with_commas(lines.size()))));
  // One stderr line per error, plus the summary.
  CHECK(count_lines(one.err) == errors + 1);

  for (const char* jobs : {"2", "4"}) {
    CAPTURE(jobs);
    const Run many =
        run_spotcheck({"--kb", kb, "batch", "--jobs", jobs, "--max-line-bytes", "4096", input});
    CHECK(many.status == 65);
    CHECK(many.out == one.out);  // byte for byte
    CHECK(count_lines(many.err) == errors + 1);
  }
}

TEST_CASE("cli batch: error records in place, with line numbers, and one stderr line each",
          "[batch][cli]") {
  TempDir dir;
  const Run r = run_spotcheck(
      {"--kb", dir.kb(), "batch", "-"},
      "{\"id\":\"a\",\"a\":true}\n\n{\"id\":\"b\",\"aa\":true}\n{\"id\":\"c\",\"a\":false}\n");
  CHECK(r.status == 65);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(json::parse(lines[0])["triage"]["level"] == "urgent");
  const json bad = json::parse(lines[1]);
  CHECK(bad["id"] == "b");
  CHECK(bad["line"] == 3);
  CHECK(bad["error"]["code"] == "unknown_finding");
  CHECK(bad["error"]["field"] == "aa");
  CHECK(json::parse(lines[2])["triage"]["level"] == "self_care");
  const auto err = lines_of(r.err);
  REQUIRE(err.size() == 2);
  CHECK(err[0] == "spotcheck: <stdin>:3:11: unknown finding 'aa' (did you mean 'a'?)");
  CHECK_THAT(
      err[1],
      Catch::StartsWith("spotcheck: 3 cases read, 2 results written, 1 error; triage: emergency 0, "
                        "urgent 1, routine 0, self_care 1;"));
}

TEST_CASE("cli batch: exit codes for --fail-on, and errors first", "[batch][cli]") {
  TempDir dir;
  const std::string kb = dir.kb();
  const std::string urgent = "{\"a\":true}\n{\"a\":false}\n";
  CHECK(run_spotcheck({"--kb", kb, "batch", "-q", "--fail-on", "urgent"}, urgent).status == 1);
  CHECK(run_spotcheck({"--kb", kb, "batch", "-q", "--fail-on", "emergency"}, urgent).status == 0);
  CHECK(run_spotcheck({"--kb", kb, "batch", "-q"}, urgent).status == 0);
  const Run both =
      run_spotcheck({"--kb", kb, "batch", "-q", "--fail-on", "urgent"}, urgent + "{\"zz\":1}\n");
  CHECK(both.status == 65);
  CHECK(count_lines(both.out) == 3);
}

TEST_CASE("cli batch: --fields, --top and --questions shape each result", "[batch][cli]") {
  TempDir dir;
  const Run r =
      run_spotcheck({"--kb", dir.kb(), "batch", "-q", "--fields", "id,triage,causes", "--top", "1"},
                    "{\"id\":1,\"a\":true,\"b\":true}\n{\"id\":2,\"x\":1}\n");
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 2);
  const json doc = json::parse(lines[0]);
  CHECK(doc.size() == 3);
  CHECK(doc.contains("id"));
  CHECK(doc.contains("triage"));
  REQUIRE(doc.contains("causes"));
  CHECK(doc["causes"].size() == 1);
  CHECK(json::parse(lines[1]).contains("error"));  // error records keep their shape

  const Run q = run_spotcheck({"--kb", dir.kb(), "batch", "-q", "--questions", "0"}, "{}\n");
  CHECK(json::parse(q.out)["next_questions"].empty());
  const Run bad = run_spotcheck({"--kb", dir.kb(), "batch", "--fields", "id,nonsense"}, "{}\n");
  CHECK(bad.status == 64);
  CHECK(count_lines(bad.err) == 1);
}

TEST_CASE("cli batch: --output writes the file, not stdout", "[batch][cli]") {
  TempDir dir;
  const std::string out = dir.path("results.jsonl");
  const Run r =
      run_spotcheck({"--kb", dir.kb(), "batch", "-q", "--output", out}, "{\"a\":true}\n{}\n");
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  CHECK(count_lines(read_file(out)) == 2);
}

TEST_CASE("cli batch: --output is replaced only by a complete run", "[batch][cli][output]") {
  TempDir dir;
  const std::string kb = dir.kb();
  const std::string out = dir.file("out.jsonl", "precious\n");
  const auto names = [&] {
    std::vector<std::string> n;
    for (const auto& e : fs::directory_iterator(dir.path(""))) n.push_back(e.path().filename());
    std::sort(n.begin(), n.end());
    return n;
  };

  // A run that fails after the output was opened (a read error on the input): the old
  // file is untouched and no temporary file is left.
  const Run failed = run_spotcheck({"--kb", kb, "batch", "/proc/self/mem", "-o", out});
  CHECK(failed.status == 66);
  CHECK(read_file(out) == "precious\n");
  CHECK(names() == std::vector<std::string>{"kb.json", "out.jsonl"});

  // Bad cases make a complete run: every line is written, then exit 65.
  const Run bad = run_spotcheck({"--kb", kb, "batch", "-q", "-o", out},
                                "{\"a\":true}\n{\"zz\":1}\nnot json\n{}\n");
  CHECK(bad.status == 65);
  CHECK(bad.out.empty());
  const auto lines = lines_of(read_file(out));
  REQUIRE(lines.size() == 4);
  CHECK(json::parse(lines[1])["error"]["code"] == "unknown_finding");
  CHECK(names() == std::vector<std::string>{"kb.json", "out.jsonl"});

  // A new file is created only at the end, with the usual permissions.
  const std::string fresh = dir.path("fresh.jsonl");
  CHECK(run_spotcheck({"--kb", kb, "batch", "-q", "-o", fresh}, "{}\n").status == 0);
  CHECK(count_lines(read_file(fresh)) == 1);
  CHECK((fs::status(fresh).permissions() & fs::perms::owner_read) != fs::perms::none);
}

TEST_CASE("cli batch: -o - is stdout", "[batch][cli][output]") {
  TempDir dir;
  const Run r = run_spotcheck({"--kb", dir.kb(), "batch", "-q", "-o", "-"}, "{\"a\":true}\n");
  CHECK(r.status == 0);
  CHECK(count_lines(r.out) == 1);
  CHECK_FALSE(fs::exists(dir.path("-")));
}

TEST_CASE("cli batch refuses an output that is its input, before writing anything",
          "[batch][cli][output]") {
  TempDir dir;
  const std::string cases = "{\"fever\":true}\n{\"fever\":false}\n";
  const std::string in = dir.file("a.jsonl", cases);
  fs::create_hard_link(in, dir.path("hard.jsonl"));
  fs::create_symlink(in, dir.path("soft.jsonl"));
  const std::string bin = SPOTCHECK_BIN;
  const std::vector<std::string> scripts{
      // the same file by another spelling, a hard link, a symbolic link
      fmt::format("cd '{}' && '{}' batch a.jsonl -o ./a.jsonl", dir.path(""), bin),
      fmt::format("cd '{}' && '{}' batch ./a.jsonl --output=hard.jsonl", dir.path(""), bin),
      fmt::format("cd '{}' && '{}' batch soft.jsonl -o a.jsonl", dir.path(""), bin),
      // stdin redirected from the output file
      fmt::format("cd '{}' && '{}' batch - -o a.jsonl < a.jsonl", dir.path(""), bin),
      // stdout appending to the input: the run would read its own results for ever
      fmt::format("cd '{}' && '{}' batch a.jsonl >> a.jsonl", dir.path(""), bin),
      fmt::format("cd '{}' && '{}' batch -o - < a.jsonl >> hard.jsonl", dir.path(""), bin),
  };
  for (const std::string& script : scripts) {
    CAPTURE(script);
    const Run r = sh(script);
    CHECK(r.status == 64);
    CHECK(count_lines(r.err) == 1);
    CHECK_THAT(r.err, Catch::StartsWith("spotcheck: error: the ") &&
                          Catch::Contains("write the results to another file"));
    CHECK(read_file(in) == cases);
  }
  // Another file is fine, and so is /dev/null.
  CHECK(sh(fmt::format("cd '{}' && '{}' batch -q a.jsonl -o b.jsonl", dir.path(""), bin)).status ==
        0);
  CHECK(sh(fmt::format("'{}' batch -q '{}' -o /dev/null < '{}' > /dev/null", bin, in, in)).status ==
        0);
}

TEST_CASE("cli batch: a bad CSV header neither creates nor empties --output",
          "[batch][cli][output][csv]") {
  TempDir dir;
  const std::string bad = dir.file("typo.csv", "id,fevr\nx,yes\n");
  const std::string kept = dir.file("kept.jsonl", "precious\n");
  Run r = run_spotcheck({"batch", bad, "-o", kept});
  CHECK(r.status == 65);
  CHECK_THAT(r.err, Catch::Contains("unknown finding 'fevr'"));
  CHECK(read_file(kept) == "precious\n");
  r = run_spotcheck({"batch", bad, "-o", dir.path("new.jsonl")});
  CHECK(r.status == 65);
  CHECK_FALSE(fs::exists(dir.path("new.jsonl")));
  // The same through stdin.
  r = run_spotcheck({"batch", "--format", "csv", "-", "-o", kept}, "id,,age\n1,2,3\n");
  CHECK(r.status == 65);
  CHECK(read_file(kept) == "precious\n");
}

TEST_CASE("cli batch: a missing input is exit 66 with one line, and leaves --output alone",
          "[batch][cli]") {
  TempDir dir;
  const std::string out = dir.file("keep.jsonl", "precious\n");
  const Run r = run_spotcheck({"batch", dir.path("nope.jsonl"), "--output", out});
  CHECK(r.status == 66);
  CHECK(r.out.empty());
  CHECK(count_lines(r.err) == 1);
  CHECK_THAT(r.err, Catch::StartsWith("spotcheck: error: cannot open input file") &&
                        Catch::Contains("nope.jsonl"));
  CHECK(read_file(out) == "precious\n");
}

TEST_CASE("cli batch: empty input, blank input", "[batch][cli]") {
  TempDir dir;
  for (const std::string input : {"", "\n\n  \n\r\n"}) {
    const Run r = run_spotcheck({"batch", dir.file("empty.jsonl", input)});
    CHECK(r.status == 0);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::StartsWith("spotcheck: 0 cases read, 0 results written, 0 errors;"));
  }
  const Run csv = run_spotcheck({"batch", dir.file("empty.csv", "")});
  CHECK(csv.status == 0);
  CHECK(csv.out.empty());
  const Run header_only = run_spotcheck({"batch", "-q", dir.file("header.csv", "id,fever\r\n")});
  CHECK(header_only.status == 0);
  CHECK(header_only.out.empty());
}

TEST_CASE("cli batch: a line over --max-line-bytes is an error for that line only",
          "[batch][cli]") {
  TempDir dir;
  // Default limit, 1 MiB: a 3 MiB line in the middle.
  const std::string big =
      "{\"id\":\"big\",\"fever\":true,\"x\":\"" + std::string(3u << 20, 'y') + "\"}";
  const Run r = run_spotcheck(
      {"batch", dir.file("long.jsonl", "{\"fever\":true}\n" + big + "\n{\"fever\":false}\n")});
  CHECK(r.status == 65);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(json::parse(lines[0]).contains("triage"));
  const json e = json::parse(lines[1]);
  CHECK(e["line"] == 2);
  CHECK(e["error"]["code"] == "line_too_long");
  CHECK(json::parse(lines[2]).contains("triage"));
  CHECK_THAT(r.err, Catch::Contains(":2:1: line is "));
}

TEST_CASE("cli batch: invalid UTF-8 in the input, valid UTF-8 JSON out", "[batch][cli]") {
  TempDir dir;
  const std::string input =
      "{\"id\":\"caf\xe9\",\"fever\":true}\n"      // Latin-1, not UTF-8
      "{\"id\":\"\xf0\x9f\x98\",\"fevr\":true}\n"  // truncated sequence, then an error
      "{\"id\":\"ok \xc3\xa9\"}\n"
      "{\"\xff\xfe\":1}\n";
  const Run r = run_spotcheck({"batch", "-q", "--jobs", "2", dir.file("utf8.jsonl", input)});
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 4);
  for (const auto& line : lines) CHECK_NOTHROW(json::parse(line));  // strict: throws on bad UTF-8
  CHECK(json::parse(lines[2])["id"] == "ok \xc3\xa9");
}

TEST_CASE("cli batch reads CSV: header, quotes, CRLF, BOM, yes/no/1/0, empty cells",
          "[batch][cli][csv]") {
  TempDir dir;
  const std::string csv =
      "\xEF\xBB\xBFid,age,fever,blanching,lesion\r\n"
      "plain,4,yes,no,petechiae\r\n"
      "\"with, comma\",30,1,0,\r\n"
      "\"say \"\"hi\"\"\",,TRUE,,purpura\r\n"
      "\"two\r\nlines\",70,false,false,ecchymosis\r\n"
      "\r\n"
      "badcell,4,perhaps,no,petechiae\r\n"
      "badage,400,no,no,\r\n"
      "lastrow,1,0,0,petechiae";
  const Run r = run_spotcheck({"batch", dir.file("cases.csv", csv)});
  CHECK(r.status == 65);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 7);
  std::vector<json> docs;
  for (const auto& line : lines) docs.push_back(json::parse(line));
  CHECK(docs[0]["id"] == "plain");
  CHECK(docs[0]["lesion"]["type"] == "petechiae");
  CHECK(docs[1]["id"] == "with, comma");
  CHECK(docs[2]["id"] == "say \"hi\"");
  CHECK(docs[2]["lesion"]["type"] == "purpura");
  CHECK(docs[3]["id"] == "two\r\nlines");
  CHECK(docs[3]["lesion"]["type"] == "ecchymosis");
  CHECK(docs[4]["id"] == "badcell");
  CHECK(docs[4]["line"] == 8);
  CHECK(docs[4]["error"]["code"] == "wrong_type");
  CHECK(docs[4]["error"]["field"] == "fever");
  CHECK(docs[5]["line"] == 9);
  CHECK(docs[5]["error"]["code"] == "out_of_range");
  CHECK(docs[6]["id"] == "lastrow");
  for (std::size_t i : {0u, 1u, 2u, 3u, 6u}) CHECK(docs[i].contains("triage"));
  CHECK_THAT(r.err, Catch::Contains("cases.csv:8:11: 'fever' takes yes or no"));

  // The same through stdin needs --format csv.
  const Run piped = run_spotcheck({"batch", "--format", "csv", "-"}, csv);
  CHECK(piped.out == r.out);
}

TEST_CASE("cli batch: an unknown CSV column stops the file with a suggestion",
          "[batch][cli][csv]") {
  TempDir dir;
  const Run r = run_spotcheck({"batch", dir.file("typo.csv", "id,fevr,age\nx,yes,3\n")});
  CHECK(r.status == 65);
  CHECK(r.out.empty());
  CHECK(count_lines(r.err) == 1);
  CHECK_THAT(r.err, Catch::Contains("typo.csv:1:4:") && Catch::Contains("unknown finding 'fevr'") &&
                        Catch::Contains("did you mean 'fever'?"));
}

TEST_CASE("cli batch: a closed output pipe ends the run quietly with status 0", "[batch][cli]") {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 200000; ++i)
    big += fmt::format("{{\"id\":{},\"fever\":true,\"age\":30}}\n", i);
  const std::string input = dir.file("big.jsonl", big);
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(jobs);
    const std::string rc = dir.path(std::string("rc") + jobs),
                      err = dir.path(std::string("err") + jobs);
    const Run r =
        sh(fmt::format("{{ '{}' batch --jobs {} '{}'; echo $? > '{}'; }} 2> '{}' | head -1",
                       SPOTCHECK_BIN, jobs, input, rc, err));
    CHECK(r.status == 0);
    CHECK(count_lines(r.out) == 1);
    CHECK(read_file(rc) == "0\n");
    CHECK(read_file(err).empty());
  }
}

TEST_CASE("cli batch: a full disk is exit 74 with one line on stderr", "[batch][cli]") {
  if (!fs::exists("/dev/full")) {
    WARN("no /dev/full here");
    return;
  }
  TempDir dir;
  std::string cases;
  for (int i = 0; i < 5000; ++i) cases += "{\"fever\":true}\n";
  const std::string input = dir.file("in.jsonl", cases);
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(jobs);
    const Run r =
        sh(fmt::format("'{}' batch --jobs {} '{}' > /dev/full", SPOTCHECK_BIN, jobs, input));
    CHECK(r.status == 74);
    CHECK(count_lines(r.err) == 1);
    CHECK_THAT(r.err, Catch::StartsWith(
                          "spotcheck: error: cannot write to stdout: No space left on device"));
  }
}

TEST_CASE("cli batch: --quiet, and no progress bar when stderr is not a terminal", "[batch][cli]") {
  TempDir dir;
  std::string cases;
  for (int i = 0; i < 20000; ++i) cases += "{\"fever\":true}\n";
  const std::string input = dir.file("in.jsonl", cases);
  const Run quiet = run_spotcheck({"batch", "-q", input});
  CHECK(quiet.status == 0);
  CHECK(quiet.err.empty());
  CHECK(count_lines(quiet.out) == 20000);
  const Run loud = run_spotcheck({"batch", input});
  CHECK(count_lines(loud.err) == 1);
  CHECK(loud.err.find('\r') == std::string::npos);
}

TEST_CASE("cli batch: SIGINT or SIGTERM while waiting for input stops with whole lines",
          "[batch][cli][interrupt]") {
  TempDir dir;
  const std::string kb = dir.kb();
  for (const auto& [sig, code] : {std::pair{SIGINT, 130}, std::pair{SIGTERM, 143}}) {
    for (const char* jobs : {"1", "2"}) {
      CAPTURE(sig, jobs);
      const std::string out = dir.path("out"), err = dir.path("err");
      spotcheck::test::Child child(SPOTCHECK_BIN, {"--kb", kb, "batch", "-q", "--jobs", jobs, "-"},
                                   out, err);
      // Cases arrive and their results leave; then the producer goes quiet, the pipe open.
      child.feed("{\"id\":1,\"a\":true}\n{\"id\":2}\n{\"id\":3,\"a\":false}\n");
      REQUIRE(spotcheck::test::eventually([&] { return count_lines(read_file(out)) == 3; }));
      child.signal(sig);
      const auto status = child.wait();
      REQUIRE(status.ended);
      CHECK(status.exit_code == code);
      const std::string results = read_file(out);
      CHECK(lines_of(results).size() == 3);
      CHECK(results.back() == '\n');
      for (const auto& line : lines_of(results)) CHECK_NOTHROW(json::parse(line));
      CHECK(read_file(err) == fmt::format("spotcheck: error: interrupted by {}; 3 whole lines "
                                          "written to stdout\n",
                                          sig == SIGINT ? "SIGINT" : "SIGTERM"));
    }
  }
}

TEST_CASE("cli batch: an interrupted run leaves --output as it was, and no temporary file",
          "[batch][cli][interrupt][output]") {
  TempDir dir;
  const std::string kb = dir.kb();
  const auto temporaries = [&] {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir.path("")))
      n += e.path().filename().string().find(".spotcheck-") != std::string::npos;
    return n;
  };
  for (const bool existed : {true, false}) {
    CAPTURE(existed);
    const std::string out = dir.path("results.jsonl");
    fs::remove(out);
    if (existed) dir.file("results.jsonl", "precious\n");
    spotcheck::test::Child child(SPOTCHECK_BIN, {"--kb", kb, "batch", "-o", out, "-"},
                                 dir.path("stdout"), dir.path("err"));
    child.feed("{\"a\":true}\n{}\n");
    // The results are being written, to the temporary file.
    REQUIRE(spotcheck::test::eventually([&] {
      for (const auto& e : fs::directory_iterator(dir.path("")))
        if (e.path().filename().string().find(".spotcheck-") != std::string::npos &&
            count_lines(read_file(e.path().string())) == 2)
          return true;
      return false;
    }));
    child.signal(SIGINT);
    const auto status = child.wait();
    REQUIRE(status.ended);
    CHECK(status.exit_code == 130);
    CHECK(temporaries() == 0);
    if (existed) {
      CHECK(read_file(out) == "precious\n");
      CHECK_THAT(read_file(dir.path("err")),
                 Catch::Contains("interrupted by SIGINT; '" + out + "' left as it was"));
    } else {
      CHECK_FALSE(fs::exists(out));
      CHECK_THAT(read_file(dir.path("err")), Catch::Contains("not created"));
    }
    CHECK(read_file(dir.path("stdout")).empty());
  }
}

TEST_CASE("cli batch: a signal while stdout is full ends with whole lines, a second one at once",
          "[batch][cli][interrupt]") {
  TempDir dir;
  std::string cases;
  for (int i = 0; i < 20000; ++i) cases += fmt::format("{{\"id\":{},\"fever\":true}}\n", i);
  const std::string input = dir.file("in.jsonl", cases);
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(jobs);
    // A reader that pauses: spotcheck is stuck in a write when the signal comes. The
    // write completes once reading resumes, and the run stops at the next block.
    spotcheck::test::Child child(SPOTCHECK_BIN,
                                 {"batch", "-q", "--jobs", jobs, "--fields", "id,triage", input},
                                 "", dir.path("err"));
    std::string results;
    while (results.size() < 100000) REQUIRE(child.read_some(results));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the pipe fills
    child.signal(SIGTERM);
    CHECK_FALSE(child.wait(0.2).ended);  // still blocked in its write
    while (child.read_some(results)) {
    }
    const auto status = child.wait();
    REQUIRE(status.ended);
    CHECK(status.exit_code == 143);
    REQUIRE_FALSE(results.empty());
    CHECK(results.back() == '\n');
    const auto lines = lines_of(results);
    CHECK(lines.size() < 20000);
    for (std::size_t i = 0; i < lines.size(); ++i)
      CHECK(json::parse(lines[i])["id"] == i);  // whole lines, in order
    CHECK_THAT(read_file(dir.path("err")),
               Catch::StartsWith("spotcheck: error: interrupted by "
                                 "SIGTERM; ") &&
                   Catch::Contains(fmt::format("{} whole lines", with_commas(lines.size()))));
  }
  // Nobody reads at all: the first signal cannot be honoured, the second ends the run.
  spotcheck::test::Child stuck(SPOTCHECK_BIN, {"batch", "-q", input}, "", dir.path("err"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stuck.signal(SIGTERM);
  CHECK_FALSE(stuck.wait(0.3).ended);
  stuck.signal(SIGTERM);
  const auto status = stuck.wait();
  REQUIRE(status.ended);
  CHECK(status.signal == SIGTERM);
}
