// Micro-benchmarks of the engine's hot paths, through its public API only (see
// bench/README.md for what each one is for and the targets run.sh checks).
//
//   load_kb            KnowledgeBase::load of the embedded text (parse, check, compile)
//   load_kb/image      KnowledgeBase::from_image of the build-time compiled image
//   validate_kb        validate_knowledge_base of the embedded text (kb validate: load,
//                      collecting, plus the logic checks)
//   evaluate           Evaluator::evaluate of one already-read case, cycling 4 cases
//                      (and each of the 4 alone: evaluate/case/N)
//   read_case          read_case of one typical NDJSON line
//   result_append      ResultWriter::append of one result (all fields)
//   batch_line         read_case + evaluate + append: one batch line, cycling 4 cases
//   */generated        the same over 1,000 generated cases (SPOTCHECK_BENCH_CASES=FILE)
//
// and the references they are compared with in the same run:
//
//   ref/nlohmann_parse_kb     nlohmann::json::parse of the knowledge base text
//   ref/nlohmann_parse        nlohmann::json::parse of the same typical line
//   ref/nlohmann_parse_dump   parse + dump of that line (what `jq -c .` does per line)
//   ref/nlohmann_to_case      parse + walk the DOM into a Case (a DOM-based read_case)
//   ref/simdjson_to_case      simdjson On-Demand walk into a Case (if libsimdjson-dev)
#include <array>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>
#if SPOTCHECK_BENCH_SIMDJSON
#include <simdjson.h>
#endif

#include <spotcheck/case.h>
#include <spotcheck/embedded_kb.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/kb_diagnostics.h>
#include <spotcheck/knowledge_base.h>
#include <spotcheck/result_json.h>

namespace {

using namespace spotcheck;

// Realistic cases (shapes taken from tests/scenarios): an emergency, an urgent child, a
// sparse case and a bruise after an injury.
constexpr std::array<std::string_view, 4> kCases = {
    R"({"id":"e1","age":3,"lesion":"petechiae","blanching":false,"fever":true,"unwell":true,"location":"trunk"})",
    R"({"id":"u1","age":6,"lesion":"petechiae","blanching":false,"fever":false,"unwell":false,"spreading":false,"recent_injury":false,"straining":false,"pale_skin":true})",
    R"({"id":"s1","age":30,"lesion":"petechiae"})",
    R"({"id":"b1","age":40,"size_mm":35,"recent_injury":true,"fever":false,"unwell":false,"spreading":false,"location":"legs_buttocks"})",
};
// The typical line for the per-line parser comparison: the urgent child (10 keys, the
// middle of the generator's 3-12 answers plus age and id).
constexpr std::string_view kTypicalLine = kCases[1];

const KnowledgeBase& kb() {
  static const std::shared_ptr<const KnowledgeBase> k = KnowledgeBase::embedded();
  return *k;
}

Case must_read(std::string_view line) {
  Case c(kb());
  if (auto e = read_case(kb(), line, c)) {
    std::fprintf(stderr, "engine_bench: a benchmark case does not read: %s\n", e->message.c_str());
    std::abort();
  }
  return c;
}

std::vector<Case> all_cases() {
  std::vector<Case> v;
  for (auto line : kCases) v.push_back(must_read(line));
  return v;
}

// ---- the engine ----------------------------------------------------------------------

void BM_LoadKb(benchmark::State& state) {
  const std::string_view text = embedded_kb_text();
  const std::string sha(embedded_kb_sha256());  // given, as the CLI does: no hashing here
  for (auto _ : state) {
    auto k = KnowledgeBase::load(text, "bench", sha);
    benchmark::DoNotOptimize(k.get());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_LoadKb)->Name("load_kb")->Unit(benchmark::kMicrosecond);

// `kb validate` of the built-in knowledge base: a load plus the logic checks, which try
// answers on every rule and evidence item. Not on any start-up path; measured so that a
// slow check shows.
void BM_ValidateKb(benchmark::State& state) {
  const std::string_view text = embedded_kb_text();
  for (auto _ : state) {
    auto v = validate_knowledge_base(text, "bench");
    benchmark::DoNotOptimize(v.kb.get());
  }
}
BENCHMARK(BM_ValidateKb)->Name("validate_kb")->Unit(benchmark::kMillisecond);

// What start-up actually does since the KB is compiled at build time: deserialize the
// embedded image (KnowledgeBase::embedded() does this once and caches it).
void BM_LoadKbImage(benchmark::State& state) {
  const std::string_view image = embedded_kb_image();
  for (auto _ : state) {
    auto k = KnowledgeBase::from_image(image);
    benchmark::DoNotOptimize(k.get());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * image.size()));
}
BENCHMARK(BM_LoadKbImage)->Name("load_kb/image")->Unit(benchmark::kMicrosecond);

// Evaluates `cases` in turn, one per iteration.
void evaluate_cycling(benchmark::State& state, const std::vector<Case>& cases,
                      EvaluationOptions opts, const KnowledgeBase& with = kb()) {
  Evaluator ev(with, opts);
  std::size_t i = 0;
  for (auto _ : state) {
    const Result& r = ev.evaluate(cases[i]);
    benchmark::DoNotOptimize(r.triage_level);
    benchmark::DoNotOptimize(r.causes.data());
    i = (i + 1) % cases.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_Evaluate(benchmark::State& state) {
  EvaluationOptions opts;
  opts.max_questions = static_cast<std::size_t>(state.range(0));
  const std::vector<Case> cases = all_cases();
  evaluate_cycling(state, cases, opts);
}
BENCHMARK(BM_Evaluate)
    ->Name("evaluate/max_questions")
    ->Arg(3)
    ->Arg(0)
    ->Unit(benchmark::kNanosecond);

// The same with the knowledge base interpreted rather than run as the native code built
// for it (native_codegen.h): what evaluation costs with `--kb FILE`.
void BM_EvaluateInterpreted(benchmark::State& state) {
  static const auto interpreted = KnowledgeBase::from_image(embedded_kb_image());
  EvaluationOptions opts;
  opts.max_questions = static_cast<std::size_t>(state.range(0));
  const std::vector<Case> cases = all_cases();
  evaluate_cycling(state, cases, opts, *interpreted);
}
BENCHMARK(BM_EvaluateInterpreted)
    ->Name("evaluate/interpreted/max_questions")
    ->Arg(3)
    ->Unit(benchmark::kNanosecond);

// The same, one case at a time (0 emergency, 1 urgent child, 2 sparse, 3 bruise), default
// options: shows which shapes of case cost the most.
void BM_EvaluateOne(benchmark::State& state) {
  const Case c = must_read(kCases[static_cast<std::size_t>(state.range(0))]);
  Evaluator ev(kb());
  for (auto _ : state) {
    const Result& r = ev.evaluate(c);
    benchmark::DoNotOptimize(r.triage_level);
    benchmark::DoNotOptimize(r.causes.data());
  }
}
BENCHMARK(BM_EvaluateOne)->Name("evaluate/case")->DenseRange(0, 3)->Unit(benchmark::kNanosecond);

void BM_ReadCase(benchmark::State& state) {
  Case c(kb());
  for (auto _ : state) {
    auto e = read_case(kb(), kTypicalLine, c);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(c.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kTypicalLine.size()));
}
BENCHMARK(BM_ReadCase)->Name("read_case")->Unit(benchmark::kNanosecond);

void BM_ResultAppend(benchmark::State& state) {
  const Case c = must_read(kCases[0]);
  Evaluator ev(kb());
  const Result& r = ev.evaluate(c);
  const ResultWriter writer(kb());
  std::string out;
  for (auto _ : state) {
    out.clear();
    writer.append(c, r, kFieldBatchDefault, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
  state.counters["out_bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_ResultAppend)->Name("result_append")->Unit(benchmark::kNanosecond);

// One batch line end to end (without I/O): what one worker of `spotcheck batch` does.
void BM_BatchLine(benchmark::State& state) {
  Case c(kb());
  Evaluator ev(kb());
  const ResultWriter writer(kb());
  std::string out;
  std::size_t i = 0, in_bytes = 0;
  for (auto _ : state) {
    out.clear();
    const std::string_view line = kCases[i];
    in_bytes += line.size();
    if (auto e = read_case(kb(), line, c)) std::abort();
    const Result& r = ev.evaluate(c);
    writer.append(c, r, kFieldBatchDefault, out);
    out.push_back('\n');
    benchmark::DoNotOptimize(out.data());
    i = (i + 1) % kCases.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(in_bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_BatchLine)->Name("batch_line")->Unit(benchmark::kNanosecond);

// ---- references ----------------------------------------------------------------------

void BM_NlohmannParseKb(benchmark::State& state) {
  const std::string_view text = embedded_kb_text();
  for (auto _ : state) {
    auto j = nlohmann::json::parse(text);
    benchmark::DoNotOptimize(j);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_NlohmannParseKb)->Name("ref/nlohmann_parse_kb")->Unit(benchmark::kMicrosecond);

void BM_NlohmannParse(benchmark::State& state) {
  for (auto _ : state) {
    auto j = nlohmann::json::parse(kTypicalLine);
    benchmark::DoNotOptimize(j);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kTypicalLine.size()));
}
BENCHMARK(BM_NlohmannParse)->Name("ref/nlohmann_parse")->Unit(benchmark::kNanosecond);

void BM_NlohmannParseDump(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    out = nlohmann::json::parse(kTypicalLine).dump();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kTypicalLine.size()));
}
BENCHMARK(BM_NlohmannParseDump)->Name("ref/nlohmann_parse_dump")->Unit(benchmark::kNanosecond);

// What read_case would be on top of the DOM: parse, then look every key up and set the
// value (type checks only; read_case also checks ranges and duplicate keys).
void BM_NlohmannToCase(benchmark::State& state) {
  Case c(kb());
  for (auto _ : state) {
    c.clear_all();
    const auto j = nlohmann::json::parse(kTypicalLine);
    for (const auto& [key, v] : j.items()) {
      if (key == "id") {
        c.id_json = v.dump();
        continue;
      }
      const auto f = kb().find_finding(key);
      if (!f) std::abort();
      if (v.is_boolean())
        c.set_bool(*f, v.get<bool>());
      else if (v.is_number())
        c.set(*f, v.get<double>());
      else if (v.is_string())
        c.set(*f, static_cast<double>(*kb().find_choice(*f, v.get_ref<const std::string&>())));
    }
    benchmark::DoNotOptimize(c.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kTypicalLine.size()));
}
BENCHMARK(BM_NlohmannToCase)->Name("ref/nlohmann_to_case")->Unit(benchmark::kNanosecond);

#if SPOTCHECK_BENCH_SIMDJSON
// simdjson On-Demand, walking every field into the Case (the line is padded once, as a
// batch reader over a padded buffer would do).
void BM_SimdjsonToCase(benchmark::State& state) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(kTypicalLine);
  Case c(kb());
  for (auto _ : state) {
    c.clear_all();
    auto doc = parser.iterate(padded);
    for (auto field : doc.get_object()) {
      const std::string_view key = field.unescaped_key().value();
      auto v = field.value();
      if (key == "id") {
        c.id_json = std::string(v.raw_json_token().value());
        continue;
      }
      const auto f = kb().find_finding(key);
      if (!f) std::abort();
      switch (v.type().value()) {
        case simdjson::ondemand::json_type::boolean:
          c.set_bool(*f, v.get_bool().value());
          break;
        case simdjson::ondemand::json_type::number:
          c.set(*f, v.get_double().value());
          break;
        case simdjson::ondemand::json_type::string:
          c.set(*f, static_cast<double>(*kb().find_choice(*f, v.get_string().value())));
          break;
        default:
          break;
      }
    }
    benchmark::DoNotOptimize(c.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kTypicalLine.size()));
}
BENCHMARK(BM_SimdjsonToCase)->Name("ref/simdjson_to_case")->Unit(benchmark::kNanosecond);
#endif

// ---- generated cases (optional) -------------------------------------------------------
// With SPOTCHECK_BENCH_CASES=FILE (NDJSON from bench/gen_cases.py; run.sh sets it), the
// first 1,000 valid lines of FILE are cycled as well: a realistic mix, where the four
// hand-picked cases above let the branch predictor learn them.

std::vector<std::string> g_lines;

void BM_EvaluateGenerated(benchmark::State& state) {
  EvaluationOptions opts;
  opts.max_questions = static_cast<std::size_t>(state.range(0));
  std::vector<Case> cases;
  for (const auto& line : g_lines) cases.push_back(must_read(line));
  evaluate_cycling(state, cases, opts);
}

void BM_ReadCaseGenerated(benchmark::State& state) {
  Case c(kb());
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    auto e = read_case(kb(), g_lines[i], c);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(c.data());
    bytes += g_lines[i].size();
    i = (i + 1) % g_lines.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_BatchLineGenerated(benchmark::State& state) {
  Case c(kb());
  Evaluator ev(kb());
  const ResultWriter writer(kb());
  std::string out;
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    out.clear();
    if (auto e = read_case(kb(), g_lines[i], c)) std::abort();
    const Result& r = ev.evaluate(c);
    writer.append(c, r, kFieldBatchDefault, out);
    out.push_back('\n');
    benchmark::DoNotOptimize(out.data());
    bytes += g_lines[i].size();
    i = (i + 1) % g_lines.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void register_generated() {
  const char* path = std::getenv("SPOTCHECK_BENCH_CASES");
  if (path == nullptr || *path == '\0') return;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "engine_bench: cannot open SPOTCHECK_BENCH_CASES=%s\n", path);
    std::exit(66);
  }
  Case c(kb());
  for (std::string line; g_lines.size() < 1000 && std::getline(in, line);)
    if (!read_case(kb(), line, c)) g_lines.push_back(line);
  if (g_lines.empty()) return;
  benchmark::RegisterBenchmark("evaluate/generated/max_questions", BM_EvaluateGenerated)
      ->Arg(3)
      ->Unit(benchmark::kNanosecond);
  benchmark::RegisterBenchmark("evaluate/generated/max_questions", BM_EvaluateGenerated)
      ->Arg(0)
      ->Unit(benchmark::kNanosecond);
  benchmark::RegisterBenchmark("read_case/generated", BM_ReadCaseGenerated)
      ->Unit(benchmark::kNanosecond);
  benchmark::RegisterBenchmark("batch_line/generated", BM_BatchLineGenerated)
      ->Unit(benchmark::kNanosecond);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_generated();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
