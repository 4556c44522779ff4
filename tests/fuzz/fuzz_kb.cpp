// Fuzz target: a knowledge base from text (KnowledgeBase::load, as `--kb FILE` and
// SPOTCHECK_KB read it). The input is the file's text. A text that is not a valid
// knowledge base must throw KbError with a located one-line message; any other exception
// escapes this function, and libFuzzer reports it. A knowledge base that loads must
// survive what the program does with one: round trip through its image, evaluate cases,
// write results as JSON and as text.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <spotcheck/case.h>
#include <spotcheck/error.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/kb_diagnostics.h>
#include <spotcheck/knowledge_base.h>
#include <spotcheck/result_json.h>

#include "fuzz_common.h"
#include "terminal.h"
#include "text_render.h"

using namespace spotcheck;
using spotcheck::fuzz::fail;

namespace {

// A few cases that reach different parts of a knowledge base: nothing known, every
// answer at one end of its range, every answer at the other.
void evaluate_some(const KnowledgeBase& kb) {
  const ResultWriter writer(kb);
  Evaluator all(kb, {0, 50, true});
  Evaluator few(kb, {1, 1, true});
  Case c(kb);
  for (int variant = 0; variant < 3; ++variant) {
    c.clear_all();
    for (std::size_t f = 0; variant > 0 && f < kb.input_finding_count(); ++f) {
      const Finding& finding = kb.findings()[f];
      const bool low = variant == 1;
      switch (finding.type) {
        case FindingType::kBool:
          c.set_bool(f, !low);
          break;
        case FindingType::kNumber: {
          // The ends of the range, or just inside an exclusive minimum.
          double v = low ? finding.min : finding.max;
          if (low && finding.min_exclusive) v = std::nextafter(v, finding.max);
          if (!kb.check_number(f, v)) c.set(f, v);
          break;
        }
        case FindingType::kChoice:
          c.set(f, low ? 0.0 : static_cast<double>(finding.choices.size() - 1));
          break;
      }
    }
    for (Evaluator* evaluator : {&all, &few}) {
      const Result& r = evaluator->evaluate(c);
      if (r.triage_level >= kb.triage_levels().size()) fail("a triage level out of range");
      if (r.possible_level > r.triage_level) fail("possible_level less urgent than the level");
      std::string out;
      writer.append(c, r, kFieldAll, out);
      fuzz::parse_output(out);
      const std::string text = cli::render_text(kb, c, r, cli::Style(false));
      (void)text;
    }
  }
}

// How deep `value` nests (a scalar is 0), without recursing.
std::size_t nesting(const nlohmann::json& value) {
  std::size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, std::size_t>> stack{{&value, 0}};
  while (!stack.empty()) {
    const auto [v, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (v->is_structured())
      for (const auto& child : *v) stack.emplace_back(&child, depth + 1);
  }
  return deepest;
}
// Far deeper than a real knowledge base nests, far shallower than overflows a stack.
constexpr std::size_t kDeep = 1000;

// Known findings whose fix belongs to src/engine/kb_loader.{h,cpp}, which this work may
// not change (tests/fuzz/findings/README.md): inputs that would only find them again are
// skipped, so that a fuzz run can look for new ones. Each check is as narrow as its
// finding; delete it when the finding is fixed, and move the reproducer to the corpus.
bool known_finding(std::string_view text) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::out_of_range&) {
    // number_overflow_escapes_as_json_exception.json: a number beyond a double (1e309)
    // makes nlohmann throw out_of_range, which load() lets escape instead of a KbError.
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  if (!doc.is_object()) return false;
  // source_year_out_of_int_range.json: load_sources() converts `year` to int unchecked,
  // which is undefined behaviour for a year outside int's range.
  if (doc.contains("sources") && doc["sources"].is_array()) {
    for (const auto& source : doc["sources"]) {
      if (!source.is_object() || !source.contains("year") || !source["year"].is_number()) continue;
      const double year = source["year"].get<double>();
      if (!(year > -2147483649.0 && year < 2147483648.0)) return true;
    }
  }
  // points_to_deep_value_overflows_dump.json: resolve_points_to() quotes an entry that
  // is not a string with dump(), which recurses once per level of nesting.
  const auto deep = [](const nlohmann::json& list) {
    if (!list.is_array()) return false;
    for (const auto& entry : list)
      if (nesting(entry) > kDeep) return true;
    return false;
  };
  if (doc.contains("triage_rules") && doc["triage_rules"].is_array())
    for (const auto& rule : doc["triage_rules"])
      if (rule.is_object() && rule.contains("points_to") && deep(rule["points_to"])) return true;
  if (doc.contains("findings") && doc["findings"].is_array())
    for (const auto& finding : doc["findings"])
      if (finding.is_object() && finding.contains("red_flag") && finding["red_flag"].is_object() &&
          finding["red_flag"].contains("points_to") && deep(finding["red_flag"]["points_to"]))
        return true;
  return false;
}

// Known findings in what is done with a loaded knowledge base; their fixes belong to
// kb_loader.h and result_json.cpp.
bool known_finding(const KnowledgeBase& kb) {
  const auto lt = kb.lesion_type_finding();
  if (!lt) return false;
  const Finding& lesion_type = kb.findings()[*lt];
  // lesion_type_not_a_choice.json: the loader accepts a lesion_type that is a yes/no or
  // a number, whose values then index its (empty) list of choices.
  if (lesion_type.type != FindingType::kChoice) return true;
  // result_writer_lesion_text_of_other_derived_finding.json: ResultWriter's constructor
  // looks every derivation case's value up among lesion_type's choices, the cases of
  // other derived findings included.
  for (const DerivationCase& d : kb.derivation_cases())
    if (!std::isnan(d.value) &&
        !(d.value >= 0 && d.value < static_cast<double>(lesion_type.choices.size())))
      return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (known_finding(text)) return -1;  // -1: do not add it to the corpus either
  // kb validate's collecting mode on the same text: it never throws, its diagnostics are
  // located one-liners in file order, and it has errors exactly when loading fails.
  const KbValidation validation = validate_knowledge_base(text, "fuzz.json");
  if (validation.diagnostics.size() > kMaxKbDiagnostics) fail("too many diagnostics", text);
  for (std::size_t i = 0; i < validation.diagnostics.size(); ++i) {
    const KbDiagnostic& d = validation.diagnostics[i];
    if (!fuzz::one_line(format_kb_diagnostic("fuzz.json", d)))
      fail("a diagnostic of more than one line", d.message);
    if (i > 0 && d.offset < validation.diagnostics[i - 1].offset)
      fail("diagnostics out of file order", d.message);
  }
  std::shared_ptr<const KnowledgeBase> kb;
  try {
    kb = KnowledgeBase::load(text, "fuzz.json");
  } catch (const KbError& e) {
    const std::string_view what = e.what();
    if (!what.starts_with("fuzz.json:")) fail("a KbError that does not say where", what);
    if (!fuzz::one_line(what)) fail("a KbError of more than one line", what);
    if (validation.errors == 0) fail("load failed but validation found no error", what);
    return 0;
  } catch (const Error&) {
    return 0;  // the project's own errors are fine too; anything else escapes
  }
  if (validation.errors != 0) fail("validation found errors in a knowledge base that loads", text);

  if (known_finding(*kb)) return -1;

  const std::string image = kb->to_image();
  const auto back = KnowledgeBase::from_image(image);
  if (back->to_image() != image) fail("the image does not round-trip");
  evaluate_some(*kb);
  return 0;
}
