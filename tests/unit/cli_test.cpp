// The spotcheck command end to end: answers from flags and case files, text and JSON
// output, and one line on stderr with the documented exit code for each bad input.
#include <cstdlib>
#include <fcntl.h>
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

json query_json(std::vector<std::string> args, const std::string& input = {}) {
  args.insert(args.begin(), {"query", "--json"});
  const Run r = run_spotcheck(args, input);
  INFO(r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out);
}

// A bad input: exit code, exactly one line on stderr, nothing on stdout.
void check_usage_error(const std::vector<std::string>& args, int status, const std::string& message,
                       const std::string& input = {}) {
  const Run r = run_spotcheck(args, input);
  INFO(r.err);
  CHECK(r.status == status);
  CHECK(r.out.empty());
  CHECK(count_lines(r.err) == 1);
  CHECK_THAT(r.err, Contains("spotcheck: error: ") && Contains(message));
}

std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("spotcheck-test-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("a child with fever and petechiae is an emergency, with a reason", "[cli]") {
  const json r = query_json({"--age", "3", "--lesion", "petechiae", "--fever"});
  CHECK(r["triage"]["level"] == "emergency");
  REQUIRE_FALSE(r["triage"]["reasons"].empty());
  CHECK(r["triage"]["reasons"][0]["text"].get<std::string>().size() > 10);
  CHECK(r["schema_version"] == 1);
  CHECK(r["kb"]["sha256"] == std::string(spotcheck::embedded_kb_sha256()));
}

TEST_CASE("a bruise after an injury in a well adult is self-care", "[cli]") {
  const json r =
      query_json({"--no-fever", "--recent-injury", "--lesion", "ecchymosis", "--age", "30"});
  CHECK(r["triage"]["level"] == "self_care");
  CHECK(r["causes"][0]["category"] == "injury");
}

TEST_CASE("the binary copied alone to an empty folder gives the same answers", "[cli]") {
  const auto dir = temp_dir("alone");
  const auto copy = dir / "spotcheck";
  std::filesystem::copy_file(SPOTCHECK_BIN, copy);
  const std::vector<std::string> args{"query",    "--json",    "--age",  "3",
                                      "--lesion", "petechiae", "--fever"};
  const Run here = run_spotcheck(args);
  const Run there = run_program(copy.string(), args, {}, {"NO_COLOR=1", "SPOTCHECK_KB="});
  CHECK(there.status == 0);
  CHECK(there.out == here.out);
  std::filesystem::remove_all(dir);
}

TEST_CASE("text output puts triage first and ends with the disclaimer", "[cli]") {
  const Run r = run_spotcheck({"query", "--age", "3", "--lesion", "petechiae", "--fever"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("EMERGENCY") < 5);  // the first word of the output
  CHECK_THAT(r.out, Contains("Why this advice:") &&
                        Contains("Possible causes to discuss with a doctor:") &&
                        Contains("not a diagnosis") && Contains("emergency number"));
  CHECK(r.out.find("\x1b[") == std::string::npos);  // NO_COLOR and not a terminal
  const Run forced = run_spotcheck({"query", "--color", "always", "--fever"});
  CHECK(forced.out.find("\x1b[") != std::string::npos);
  const Run never = run_spotcheck({"query", "--color", "always", "--no-color", "--fever"});
  CHECK(never.out.find("\x1b[") == std::string::npos);
}

TEST_CASE("a case file is read, and flags override it", "[cli]") {
  const std::string c =
      R"({"id": "c1", "age": 30, "lesion": "ecchymosis", "recent_injury": true, "fever": false, "unwell": false})";
  Run r = run_spotcheck({"query", "--json", "--case", "-"}, c);
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  CHECK(j["id"] == "c1");
  CHECK(j["triage"]["level"] == "self_care");
  r = run_spotcheck({"query", "--json", "--case", "-", "--fever"}, c);
  j = json::parse(r.out);
  CHECK(j["triage"]["level"] != "self_care");
}

TEST_CASE("query reads a case piped or redirected to stdin, never a terminal or a device",
          "[cli][stdin]") {
  const std::string c = R"({"id": "piped", "age": 30, "fever": false})";
  // A pipe.
  json j = query_json({}, c);
  CHECK(j["id"] == "piped");
  CHECK(j["triage"]["level"] != "urgent");
  // Flags still override it.
  j = query_json({"--fever"}, c);
  CHECK(j["id"] == "piped");
  CHECK(json::parse(run_spotcheck({"query", "--json"}, c).out)["id"] == "piped");
  // An empty pipe, or only white space, is no case.
  for (const std::string empty : {"", "\n", " \r\n\t\n"}) {
    CAPTURE(empty);
    CHECK(query_json({"--fever"}, empty)["id"].is_null());
  }
  // A redirected file.
  const auto dir = temp_dir("stdin");
  const std::string file = (dir / "case.json").string();
  std::ofstream(file) << c;
  const std::string bin = SPOTCHECK_BIN;
  Run r = run_program("/bin/sh", {"-c", bin + " query --json < '" + file + "'"});
  CHECK(r.status == 0);
  CHECK(json::parse(r.out)["id"] == "piped");
  // Devices are not read: /dev/null, and /dev/zero (which would hit the size limit).
  for (const char* device : {"/dev/null", "/dev/zero"}) {
    CAPTURE(device);
    r = run_program("/bin/sh", {"-c", bin + " query --json --fever < " + device});
    CHECK(r.status == 0);
    CHECK(json::parse(r.out)["id"].is_null());
  }
  // Nor is a terminal, which would wait for typing (a pseudo-terminal nobody types on;
  // `timeout` ends the test if spotcheck did wait).
  const int pty = ::posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(pty >= 0);
  REQUIRE(::grantpt(pty) == 0);
  REQUIRE(::unlockpt(pty) == 0);
  r = run_program("/bin/sh", {"-c", "timeout 20 " + bin + " query --json --fever < " +
                                        std::string(::ptsname(pty))});
  ::close(pty);
  CHECK(r.status == 0);
  CHECK(json::parse(r.out)["id"].is_null());
  // A bad piped case is located in <stdin>, like --case -.
  check_usage_error({"query"}, 65, "<stdin>:1:2: unknown finding 'fevr'", R"({"fevr": true})");
  std::filesystem::remove_all(dir);
}

TEST_CASE("query takes the case as a FILE argument or '-', but only one case", "[cli][stdin]") {
  const auto dir = temp_dir("casearg");
  const std::string file = (dir / "case.json").string();
  std::ofstream(file) << R"({"id": "from-file", "age": 4})";
  CHECK(query_json({file})["id"] == "from-file");
  CHECK(query_json({"-"}, R"({"id": "dash"})")["id"] == "dash");
  CHECK(query_json({"--case", "-"}, R"({"id": "dash"})")["id"] == "dash");
  // A FILE or --case wins over piped stdin, which is then not read.
  CHECK(query_json({file}, R"({"id": "ignored"})")["id"] == "from-file");
  check_usage_error({"query", "--case", file, file}, 64, "two cases given");
  check_usage_error({"query", file, "--case=-"}, 64, "two cases given");
  check_usage_error({"query", file, file}, 64, "unexpected argument");
  check_usage_error({"query", "fever"}, 66,
                    "cannot open case file 'fever': No such file or directory (did you mean the "
                    "flag '--fever'?)");
  check_usage_error({"query", "stiff_neck"}, 66, "did you mean the flag '--stiff-neck'?");
  check_usage_error({"query", (dir / "none.json").string()}, 66, "cannot open case file");
  std::filesystem::remove_all(dir);
}

TEST_CASE("fail-on exits 1 when the level is reached", "[cli]") {
  CHECK(run_spotcheck({"query", "--fever", "--lesion", "purpura", "--fail-on", "urgent"}).status ==
        1);
  CHECK(
      run_spotcheck({"query", "--fever", "--lesion", "purpura", "--fail-on", "emergency"}).status ==
      1);
  CHECK(run_spotcheck({"query", "--age", "30", "--no-fever", "--recent-injury", "--lesion",
                       "ecchymosis", "--no-unwell", "--fail-on", "routine"})
            .status == 0);
}

TEST_CASE("top and questions options shape the result", "[cli]") {
  const json r = query_json({"--lesion", "petechiae", "--top", "2", "--questions", "1"});
  CHECK(r["causes"].size() == 2);
  CHECK(r["next_questions"].size() == 1);
  CHECK(query_json({"--lesion", "petechiae", "--top", "0"})["causes"].size() > 30);
}

TEST_CASE("finding flags take the one answer grammar", "[cli]") {
  // As people type them: values after '=', ages in months, sizes in cm, choices by number
  // or with dashes, any letter case, and "unknown" to take back an answer from a case file.
  json r = query_json({"--Fever=yes", "--age", "18m", "--size-mm=0.3cm", "--location", "Arms-Hands",
                       "--stiff-neck=no", "--lesion=2"});
  CHECK(r["answers"]["fever"] == true);
  CHECK(r["answers"]["age"].get<double>() == Approx(1.5));
  CHECK(r["answers"]["size_mm"] == 3);
  CHECK(r["answers"]["location"] == "arms_hands");
  CHECK(r["answers"]["stiff_neck"] == false);
  CHECK(r["answers"]["lesion"] == "purpura");
  const Run run = run_spotcheck({"query", "--json", "--case", "-", "--fever=unknown"},
                                R"({"fever": true, "age": 30})");
  REQUIRE(run.status == 0);
  r = json::parse(run.out);
  CHECK_FALSE(r["answers"].contains("fever"));
  CHECK(r["answers"]["age"] == 30);
  // The same answer twice is fine; a flag name with the value of another finding is not.
  CHECK(query_json({"--fever", "--fever=y"})["answers"]["fever"] == true);
}

TEST_CASE("a knowledge-base finding cannot take one of spotcheck's own flags", "[cli][errors]") {
  const auto dir = temp_dir("reserved");
  json kb = json::parse(spotcheck::embedded_kb_text());
  kb["findings"].push_back({{"id", "json"}, {"type", "bool"}, {"question", "?"}});
  std::ofstream(dir / "kb.json") << kb.dump();
  const std::string path = (dir / "kb.json").string();
  check_usage_error({"query", "--kb", path, "--fever"}, 65,
                    "finding 'json' would have the flag --json, which spotcheck uses for itself");
  // --version and --help still work.
  CHECK(run_spotcheck({"--kb", path, "--version"}).status == 0);
  CHECK(run_spotcheck({"query", "--kb", path, "--help"}).status == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a knowledge base of ten thousand findings gets its flags", "[cli]") {
  // The finding flags are read by spotcheck, not registered with CLI11 one by one (which
  // took 11 to 38 s for this many); start-up time is measured in bench/, not here.
  const auto dir = temp_dir("many");
  json kb = json::parse(spotcheck::embedded_kb_text());
  for (int i = 0; i < 10000; ++i)
    kb["findings"].push_back(
        {{"id", fmt::format("extra_{}", i)}, {"type", "bool"}, {"question", "?"}});
  std::ofstream(dir / "kb.json") << kb.dump();
  const json r = query_json({"--kb", (dir / "kb.json").string(), "--extra-9999", "--fever"});
  CHECK(r["answers"]["extra_9999"] == true);
  CHECK(r["answers"]["fever"] == true);
  std::filesystem::remove_all(dir);
}

TEST_CASE("kb dump writes the knowledge base in use, byte for byte, kb info names it", "[cli]") {
  Run r = run_spotcheck({"kb", "dump"});
  REQUIRE(r.status == 0);
  CHECK(r.out == std::string(spotcheck::embedded_kb_text()));
  // A dump loads back as the same knowledge base.
  const auto dir = temp_dir("dump");
  std::ofstream(dir / "kb.json") << r.out;
  r = run_spotcheck({"kb", "info", "--json", "--kb", (dir / "kb.json").string()});
  REQUIRE(r.status == 0);
  const json info = json::parse(r.out);
  CHECK(info["sha256"] == std::string(spotcheck::embedded_kb_sha256()));
  CHECK(info["origin"] == (dir / "kb.json").string());
  CHECK(info["counts"]["red_flags"].get<int>() >= 12);
  CHECK(info["counts"]["red_flag_floors"] == info["counts"]["red_flags"]);
  r = run_spotcheck({"kb", "info"});
  CHECK_THAT(r.out, Contains("built into spotcheck") && Contains("causes"));
  check_usage_error({"kb", "shows"}, 64, "shows not in");
  std::filesystem::remove_all(dir);
}

TEST_CASE("each bad input gives one line and its exit code", "[cli][errors]") {
  check_usage_error({"query", "--fevr"}, 64, "unknown flag '--fevr' (did you mean '--fever'?)");
  check_usage_error({"query", "--age", "-3"}, 64, "'--age' must be between 0 and 130");
  check_usage_error({"query", "--size-mm", "0"}, 64, "'--size-mm' must be greater than 0");
  check_usage_error({"query", "--age", "three"}, 64, "'--age' takes a number");
  check_usage_error({"query", "--age"}, 64, "--age needs a value (a number of years)");
  check_usage_error({"query", "--fever=maybe"}, 64, "'--fever' takes yes or no");
  check_usage_error({"query", "--no-fever=no"}, 64, "--no-fever takes no value");
  check_usage_error({"query", "--fever=yes", "--fever=no"}, 64,
                    "--fever=yes and --fever=no contradict each other");
  check_usage_error({"query", "--lesion", "freckle"}, 64,
                    "choices: petechiae, purpura, ecchymosis");
  check_usage_error({"query", "--fever", "--no-fever"}, 64,
                    "--fever and --no-fever contradict each other");
  check_usage_error({"query", "--fail-on", "soon"}, 64, "--fail-on");
  check_usage_error({"query", "--json", "--fields", "id,triag"}, 64, "unknown field 'triag'");
  check_usage_error({"frobnicate"}, 64, "frobnicate");
  check_usage_error({"explain", "itpp"}, 64, "nothing is called 'itpp'");
  check_usage_error({"explain", "itpp"}, 64, "did you mean 'itp'?");
  check_usage_error({"query", "--case", "-"}, 65, "<stdin>:2:11: invalid JSON",
                    "{\"age\": 3,\n \"fever\": tru}");
  check_usage_error({"query", "--case", "-"}, 65, "unknown finding 'fevr' (did you mean 'fever'?)",
                    R"({"fevr": true})");
  check_usage_error({"query", "--case", "/nonexistent/case.json"}, 66, "cannot open case file");
  check_usage_error({"query", "--kb", "/nonexistent/kb.json"}, 66, "cannot open knowledge base");
  const Run bare = run_spotcheck({});
  CHECK(bare.status == 64);
  CHECK(bare.out.empty());
  CHECK_THAT(bare.err, Contains("usage"));
}

TEST_CASE("an error that quotes the input is one line with no terminal controls", "[cli][errors]") {
  // Keys with an escape sequence, a newline, a bell and a C1 CSI (raw UTF-8, which JSON
  // allows in a string, and as \u escapes).
  for (const std::string& c : {std::string("{\"fe\\u001b[31m\xc2\x9bver\\n2\": true}"),
                               std::string(R"({"a\u001b]0;pwned\u0007\u009b\nb": 1})")}) {
    CAPTURE(c);
    const Run r = run_spotcheck({"query", "--case", "-"}, c);
    CHECK(r.status == 65);
    CHECK(r.out.empty());
    CHECK(count_lines(r.err) == 1);
    CHECK_THAT(r.err, Contains("spotcheck: error: <stdin>:1:2: unknown finding"));
    for (const char bad : {'\x1b', '\x07', '\r'}) CHECK(r.err.find(bad) == std::string::npos);
    CHECK(r.err.find("\xc2\x9b") == std::string::npos);
  }
  // Flag values echoed by the command line parser are made safe too.
  const Run flag = run_spotcheck({"query", "--lesion", "\x1b[2Jred\nspot"});
  CHECK(flag.status == 64);
  CHECK(count_lines(flag.err) == 1);
  CHECK(flag.err.find('\x1b') == std::string::npos);
}

TEST_CASE("counts are whole numbers, 0 or more: --top -1 is a usage error, not 'all'",
          "[cli][errors]") {
  for (const std::string bad :
       {"-1", "-0x1", "1.5", "", " 3", "3 ", "+2", "0x10", "two", "99999999999999999999999"}) {
    CAPTURE(bad);
    check_usage_error({"query", "--top", bad}, 64, "--top: ");
    check_usage_error({"query", "--questions=" + bad}, 64, "--questions: ");
    check_usage_error({"batch", "--top", bad}, 64, "--top: ", "{}\n");
    check_usage_error({"batch", "-j", bad}, 64, "--jobs: ", "{}\n");
    check_usage_error({"batch", "--max-line-bytes", bad}, 64, "--max-line-bytes: ", "{}\n");
  }
  check_usage_error({"query", "--top", "-1"}, 64,
                    "--top: expected a whole number, 0 or more (got '-1')");
  check_usage_error({"query", "--top", "99999999999999999999999"}, 64, "is too large");
  // Leading zeros are decimal, not octal.
  CHECK(query_json({"--lesion", "petechiae", "--top", "010"})["causes"].size() == 10);
  CHECK(query_json({"--lesion", "petechiae", "--top", "0"})["causes"].size() > 30);
  CHECK(run_spotcheck({"batch", "-q", "--jobs", "0", "--top", "1"}, "{}\n").status == 0);
}

TEST_CASE("version and help go to stdout and exit 0", "[cli]") {
  const Run v = run_spotcheck({"--version"});
  CHECK(v.status == 0);
  CHECK_THAT(v.out, Contains("spotcheck 0.") && Contains("knowledge base spotcheck-clinical"));
  const Run h = run_spotcheck({"query", "--help"});
  CHECK(h.status == 0);
  CHECK_THAT(h.out, Contains("--stiff-neck") && Contains("--no-stiff-neck") &&
                        Contains("--size-mm") && Contains("Examples"));
}

TEST_CASE("help and version work whatever SPOTCHECK_KB holds", "[cli][kb]") {
  const auto dir = temp_dir("kbenv");
  const std::string broken = (dir / "broken.json").string();
  std::ofstream(broken) << "{\"findings\": [\n\x1b[31m";  // not JSON, and a terminal control
  for (const std::string& kb :
       {std::string("/nonexistent/kb.json"), broken, dir.string(), std::string("/dev/null")}) {
    CAPTURE(kb);
    const std::vector<std::string> env{"SPOTCHECK_KB=" + kb};
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--help"}, {"-h"}, {"query", "--help"}, {"batch", "-h"}}) {
      const Run r = run_spotcheck(args, {}, env);
      CHECK(r.status == 0);
      CHECK_THAT(r.out, Contains("Usage: spotcheck"));
      // One line on stderr says that the help is the built-in knowledge base's.
      CHECK(count_lines(r.err) == 1);
      CHECK_THAT(r.err, Contains("spotcheck: warning: knowledge base not loaded"));
      CHECK(r.err.find('\x1b') == std::string::npos);
    }
    CHECK_THAT(run_spotcheck({"query", "--help"}, {}, env).out, Contains("--stiff-neck"));
    const Run v = run_spotcheck({"--version"}, {}, env);
    CHECK(v.status == 0);
    CHECK_THAT(v.out, Contains("spotcheck 0.") && Contains("knowledge base: not loaded: "));
    CHECK(count_lines(v.out) == 2);
    // Any real work still fails on the knowledge base.
    const Run q = run_spotcheck({"query", "--fever"}, {}, env);
    CHECK((q.status == 65 || q.status == 66));
    CHECK(count_lines(q.err) == 1);
  }
  // A good SPOTCHECK_KB shows its own name in --version.
  const Run ok = run_spotcheck(
      {"--version"}, {}, {"SPOTCHECK_KB=" + std::string(SPOTCHECK_SOURCE_DIR) + "/data/kb.json"});
  CHECK_THAT(ok.out, Contains("knowledge base spotcheck-clinical"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the last --kb wins, a missing one is exit 66 naming it", "[cli][kb]") {
  const auto dir = temp_dir("lastkb");
  json kb = json::parse(std::string(spotcheck::embedded_kb_text()));
  kb["findings"].push_back({{"id", "itchy_spots"},
                            {"type", "bool"},
                            {"question", "Do the spots itch?"},
                            {"group", "spots"}});
  const std::string extra = (dir / "extra.json").string();
  std::ofstream(extra) << kb.dump();
  const std::string missing = (dir / "missing.json").string();

  // Only the extra knowledge base has --itchy-spots: whichever comes last decides.
  CHECK(run_spotcheck({"query", "--kb", missing, "--kb", extra, "--itchy-spots"}).status == 0);
  CHECK(run_spotcheck({"--kb", missing, "query", "--kb=" + extra, "--itchy-spots"}).status == 0);
  CHECK(run_spotcheck({"--kb", extra, "query", "--kb", missing, "--fever"}).status == 66);
  // --kb beats SPOTCHECK_KB.
  CHECK(run_spotcheck({"query", "--kb", extra, "--itchy-spots"}, {}, {"SPOTCHECK_KB=" + missing})
            .status == 0);

  for (const auto& args :
       std::vector<std::vector<std::string>>{{"query", "--kb", missing, "--fever"},
                                             {"--kb", extra, "list", "causes", "--kb", missing},
                                             {"batch", "--kb=" + missing}}) {
    const Run r = run_spotcheck(args, "{}\n");
    CHECK(r.status == 66);
    CHECK(r.out.empty());
    CHECK(count_lines(r.err) == 1);
    CHECK_THAT(r.err, Contains("spotcheck: error: cannot open knowledge base '" + missing + "'"));
  }
  const Run env = run_spotcheck({"query", "--fever"}, {}, {"SPOTCHECK_KB=" + missing});
  CHECK(env.status == 66);
  CHECK_THAT(env.err, Contains(missing));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a case or knowledge base read whole stops at its size limit", "[cli][errors]") {
  // An endless input ends with one message, not with all the memory.
  check_usage_error({"query", "--case", "/dev/zero"}, 65,
                    "case file '/dev/zero' is larger than the limit of 16 MiB");
  check_usage_error({"query", "--kb", "/dev/zero", "--fever"}, 65,
                    "knowledge base '/dev/zero' is larger than the limit of 64 MiB");
  const Run env = run_spotcheck({"list", "causes"}, {}, {"SPOTCHECK_KB=/dev/zero"});
  CHECK(env.status == 65);
  CHECK_THAT(env.err, Contains("larger than the limit"));
  // A regular file is refused by its size, without reading it (a sparse 17 MiB file).
  const auto dir = temp_dir("big");
  const auto big = dir / "big.json";
  std::ofstream(big).put('{');
  std::filesystem::resize_file(big, (std::size_t{17} << 20));
  check_usage_error({"query", "--case", big.string()}, 65,
                    "case file '" + big.string() + "' is larger than the limit of 16 MiB");
  // Through a pipe: 17 MiB of spaces before a valid case.
  check_usage_error({"query", "--case", "-"}, 65,
                    "case file '<stdin>' is larger than the limit of 16 MiB",
                    std::string(std::size_t{17} << 20, ' ') + "{}");
  // Just under the limit is read (and here is a valid case).
  const Run under = run_spotcheck({"query", "--json", "--case", "-"},
                                  std::string((std::size_t{16} << 20) - 2, ' ') + "{}");
  CHECK(under.status == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("list and explain show the knowledge base", "[cli]") {
  Run r = run_spotcheck({"list", "findings", "--json"});
  REQUIRE(r.status == 0);
  const json findings = json::parse(r.out);
  CHECK(std::any_of(findings.begin(), findings.end(), [](const json& f) {
    return f["id"] == "stiff_neck" && f["flag"] == "--stiff-neck / --no-stiff-neck";
  }));
  for (const char* what : {"causes", "categories", "lesions", "rules", "sources"}) {
    r = run_spotcheck({"list", what, "--json"});
    CHECK(r.status == 0);
    CHECK(json::parse(r.out).size() >= 4);
    CHECK(run_spotcheck({"list", what}).out.size() > 50);
  }
  r = run_spotcheck({"explain", "itp", "--json"});
  REQUIRE(r.status == 0);
  const json itp = json::parse(r.out);
  CHECK(itp["category"] == "low_platelets");
  CHECK_FALSE(itp["codes"].empty());
  CHECK_FALSE(itp["evidence"].empty());
  r = run_spotcheck({"explain", "itp"});
  CHECK_THAT(r.out, Contains("What supports it") && Contains("Codes:") && Contains("Sources:"));
}

TEST_CASE("list findings shows each finding's range and help text", "[cli]") {
  const Run r = run_spotcheck({"list", "findings"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("number (0 to 130 years)") && Contains("number (over 0 to 1000 mm)"));
  // The help text comes on the line under its finding's row.
  const auto row = r.out.find("\nblanching ");
  REQUIRE(row != std::string::npos);
  const auto next = r.out.find('\n', row + 1);
  CHECK(r.out.substr(next + 1, 40).find("Press the side of a clear glass") != std::string::npos);
}

TEST_CASE("explain takes any id, in any letter case, and says what it means", "[cli]") {
  // A finding: its question, how to check it, its answers and flag, a red flag's floor.
  Run r = run_spotcheck({"explain", "Stiff-Neck"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("(finding stiff_neck)") && Contains("How to tell:") &&
                        Contains("--stiff-neck / --no-stiff-neck") &&
                        Contains("Red flag:    when present, at least EMERGENCY") &&
                        Contains("unknown, not no"));
  r = run_spotcheck({"explain", "age"});
  CHECK_THAT(r.out, Contains("a number of years from 0 to 130") && Contains("months"));
  CHECK_THAT(run_spotcheck({"explain", "heavy_periods"}).out, Contains("Asked when:  age>=10"));
  CHECK_THAT(run_spotcheck({"explain", "location"}).out, Contains("2. arms_hands: "));
  // A lesion type, a rule, a source, a category.
  CHECK_THAT(run_spotcheck({"explain", "PURPURA"}).out,
             Contains("(lesion type purpura)") && Contains("HP:"));
  r = run_spotcheck({"explain", "fever_nonblanching"});
  CHECK_THAT(r.out, Contains("(triage rule, EMERGENCY)") && Contains("When: ") &&
                        Contains("Must not miss: ") && Contains("(NG143)"));
  r = run_spotcheck({"explain", "nice_ng143"});
  CHECK_THAT(r.out, Contains("(source nice_ng143)") &&
                        Contains("Link:      https://www.nice.org.uk/guidance/ng143"));
  r = run_spotcheck({"explain", "low_platelets"});
  CHECK_THAT(r.out, Contains("(category low_platelets)") && Contains("(itp)"));
  // One id, two things (a cause and a self-care rule): both are shown; JSON gives the first
  // with the others under "also".
  r = run_spotcheck({"explain", "straining_petechiae"});
  CHECK_THAT(r.out, Contains("(cause straining_petechiae)") &&
                        Contains("'straining_petechiae' is also a rule:"));
  const json both = json::parse(run_spotcheck({"explain", "straining_petechiae", "--json"}).out);
  CHECK(both["kind"] == "cause");
  CHECK(both["also"][0]["kind"] == "rule");
  CHECK(json::parse(run_spotcheck({"explain", "fever", "--json"}).out)["red_flag_floor"] ==
        "urgent");
  // The closing safety line is there, and not dimmed even with colour.
  r = run_spotcheck({"explain", "fever", "--color", "always"});
  CHECK_THAT(r.out, Contains("\nEducational information, not a diagnosis."));
}

TEST_CASE("a finding added to a knowledge base file gets its flag with no code change",
          "[cli][kb]") {
  const auto dir = temp_dir("kb");
  json kb = json::parse(std::string(spotcheck::embedded_kb_text()));
  kb["findings"].push_back({{"id", "itchy_spots"},
                            {"type", "bool"},
                            {"question", "Do the spots itch?"},
                            {"group", "spots"}});
  kb["triage_rules"].insert(kb["triage_rules"].begin(), json{{"id", "itch_test"},
                                                             {"level", "emergency"},
                                                             {"when", {{"is", "itchy_spots"}}},
                                                             {"text", "test rule"},
                                                             {"sources", {"hpo"}}});
  const auto path = (dir / "kb.json").string();
  std::ofstream(path) << kb.dump(1);

  Run r = run_spotcheck({"--kb", path, "query", "--itchy-spots", "--json"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(json::parse(r.out)["triage"]["reasons"][0]["rule"] == "itch_test");
  r = run_spotcheck({"query", "--no-itchy-spots", "--json"}, {}, {"SPOTCHECK_KB=" + path});
  CHECK(r.status == 0);
  r = run_spotcheck({"list", "findings", "--kb", path});
  CHECK_THAT(r.out, Contains("Do the spots itch?"));
  // The built-in knowledge base does not know the flag.
  CHECK(run_spotcheck({"query", "--itchy-spots"}).status == 64);

  // A broken knowledge base file: exit 65 with FILE:LINE:COL.
  kb["triage_rules"][0]["level"] = "soonish";
  std::ofstream(path) << kb.dump(1);
  r = run_spotcheck({"--kb", path, "query"});
  CHECK(r.status == 65);
  CHECK_THAT(r.err, Contains(path + ":") && Contains("unknown triage level 'soonish'"));
  CHECK(count_lines(r.err) == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a write error gives exit 74, a closed pipe is quiet", "[cli]") {
  const Run full =
      run_program("/bin/sh", {"-c", std::string(SPOTCHECK_BIN) + " list causes > /dev/full"});
  CHECK(full.status == 74);
  CHECK(count_lines(full.err) == 1);
  CHECK_THAT(full.err, Contains("cannot write"));
  const Run pipe = run_program(
      "/bin/sh", {"-c", std::string(SPOTCHECK_BIN) + " list findings | head -c 1 >/dev/null"});
  CHECK(pipe.status == 0);
  CHECK(pipe.err.empty());
}

TEST_CASE("explain finds every kind of id in the wrong case, and suggests one for a typo",
          "[cli][explain]") {
  const std::vector<std::pair<std::string, std::string>> found = {
      {"ITP", "(cause itp)"},
      {"Stiff-Neck", "(finding stiff_neck)"},
      {"Petechiae", "(lesion type petechiae)"},
      {"FEVER_NONBLANCHING", "(triage rule, EMERGENCY)"},
      {"Nice-NG143", "(source nice_ng143)"},
      {"LOW_PLATELETS", "(category low_platelets)"},
      {"Urgent", "(triage level urgent)"},
      {"HP:0000979", "(lesion type purpura)"},
      {"d69.3", "(cause itp)"}};
  for (const auto& [word, heading] : found) {
    const Run r = run_spotcheck({"explain", word});
    INFO(word << "\n" << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains(heading) && Contains("not a diagnosis"));
  }
  // A finding says what it means and how to check it; a rule what it says and its source;
  // a source its title and link; a level its advice and the rules that lead to it.
  CHECK_THAT(run_spotcheck({"explain", "BLANCHING"}).out,
             Contains("How to tell:") && Contains("Press the side of a clear glass"));
  CHECK_THAT(run_spotcheck({"explain", "fever-nonblanching"}).out,
             Contains("Sources:") && Contains("(NG143)"));
  const json level = json::parse(run_spotcheck({"explain", "EMERGENCY", "--json"}).out);
  CHECK(level["kind"] == "triage_level");
  CHECK(std::find(level["rules"].begin(), level["rules"].end(), "fever_nonblanching") !=
        level["rules"].end());
  // Typos of each kind: exit 64, one line, and the id as the knowledge base spells it.
  check_usage_error({"explain", "Stif-Neck"}, 64, "did you mean 'stiff_neck'?");
  check_usage_error({"explain", "purpra"}, 64, "did you mean 'purpura'?");
  check_usage_error({"explain", "fever_nonblanchng"}, 64, "did you mean 'fever_nonblanching'?");
  check_usage_error({"explain", "nice_ng14"}, 64, "did you mean 'nice_ng143'?");
  check_usage_error({"explain", "emergncy"}, 64, "did you mean 'emergency'?");
  check_usage_error({"explain", "low_platelts"}, 64, "did you mean 'low_platelets'?");
  // Hostile bytes are quoted safely in the one-line message.
  check_usage_error({"explain", "x\x1b[2J\ny"}, 64, "nothing is called");
}

TEST_CASE("list findings: help text and range in text, the red-flag floor in JSON", "[cli][list]") {
  const json findings = json::parse(run_spotcheck({"list", "findings", "--json"}).out);
  bool saw_floor = false;
  for (const json& f : findings) {
    INFO(f.dump());
    CHECK(f.contains("red_flag_floor") == f["red_flag"].get<bool>());
    if (f["id"] == "stiff_neck") {
      CHECK(f["red_flag_floor"] == "emergency");
      saw_floor = true;
    }
    if (f["id"] == "fever") CHECK(f["red_flag_floor"] == "urgent");
  }
  CHECK(saw_floor);
  const std::string text = run_spotcheck({"list", "findings"}).out;
  CHECK_THAT(text, Contains("(derived)") && Contains("--lesion <choice>"));
  // The floor in words too, under the finding's row, after its help text.
  const auto row = text.find("\nstiff_neck ");
  REQUIRE(row != std::string::npos);
  const auto note = text.find('\n', row + 1);
  CHECK(text.substr(note, text.find('\n', note + 1) - note)
            .find("Red flag: when present, at least EMERGENCY.") != std::string::npos);
}

TEST_CASE("ask --verbose shows the ids query --verbose shows, in the same result", "[cli][ask]") {
  const Run ask = run_spotcheck({"ask", "--verbose", "--age", "30", "--lesion", "ecchymosis",
                                 "--recent-injury", "--max-questions", "0"},
                                "", {"COLUMNS=100"});
  INFO(ask.err);
  REQUIRE(ask.status == 0);
  CHECK_THAT(ask.out, Contains("cause injury_trauma") && Contains("not a probability"));
  const Run query = run_spotcheck(
      {"query", "--verbose", "--age", "30", "--lesion", "ecchymosis", "--recent-injury"}, "",
      {"COLUMNS=100"});
  CHECK(ask.out == query.out);
}

TEST_CASE("query --help: anything not given is unknown, no {false} after a flag", "[cli]") {
  for (const char* sub : {"query", "ask"}) {
    const Run r = run_spotcheck({sub, "--help"});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains("unknown, not no") && Contains("--verbose"));
    CHECK_THAT(r.out, !Contains("{false}") && !Contains("{true}"));
  }
}

TEST_CASE("query text: plain by default, ids with --verbose, wrapped to COLUMNS", "[cli]") {
  const std::vector<std::string> args = {"query",    "--age",      "30",
                                         "--lesion", "ecchymosis", "--recent-injury"};
  const Run plain = run_spotcheck(args, {}, {"COLUMNS=50"});
  CHECK(plain.status == 0);
  CHECK_THAT(plain.out, !Contains("injury_trauma") && !Contains("weight"));
  std::size_t start = 0, widest = 0;
  for (std::size_t end = plain.out.find('\n'); end != std::string::npos;
       start = end + 1, end = plain.out.find('\n', start))
    widest = std::max(widest, end - start);  // ASCII text: bytes are columns
  CHECK(widest <= 50);
  CHECK(widest > 40);
  auto verbose_args = args;
  verbose_args.push_back("--verbose");
  const Run verbose = run_spotcheck(verbose_args, {}, {"COLUMNS=200"});
  CHECK_THAT(verbose.out, Contains("cause injury_trauma") && Contains("not a probability"));
  // --verbose changes nothing in JSON.
  auto json_args = verbose_args;
  json_args.push_back("--json");
  auto plain_json = args;
  plain_json.push_back("--json");
  CHECK(run_spotcheck(json_args).out == run_spotcheck(plain_json).out);
}
