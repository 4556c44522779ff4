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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
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

  const std::string image = kb->to_image();
  const auto back = KnowledgeBase::from_image(image);
  if (back->to_image() != image) fail("the image does not round-trip");
  evaluate_some(*kb);
  return 0;
}
