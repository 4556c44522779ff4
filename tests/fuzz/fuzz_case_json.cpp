// Fuzz target: one case as JSON, the input of `query --case` and of each `batch` line.
// The input is the case's text. Beyond not crashing, it checks what docs/contract.md
// promises of the result: it is valid UTF-8 JSON; a case that cannot be read gets a
// documented error code and a position inside the text; the native code of the built-in
// knowledge base and the interpreter agree; both ResultWriter paths write the same bytes;
// and the `answers` of a result, fed back as a case, give the same result (section 6).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <spotcheck/case.h>
#include <spotcheck/error.h>
#include <spotcheck/evaluator.h>
#include <spotcheck/result_json.h>

#include "fuzz_common.h"
#include "terminal.h"
#include "text_render.h"

using namespace spotcheck;
using spotcheck::fuzz::fail;

namespace {

// The evaluation options a run uses, chosen by the input's length so that each input
// always runs the same way: the defaults, everything, the least, and many questions.
constexpr EvaluationOptions kOptions[] = {{5, 3, true}, {0, 0, true}, {1, 0, false}, {0, 50, true}};
constexpr std::size_t kOptionCount = std::size(kOptions);

struct Engine {
  Engine(const KnowledgeBase& kb, EvaluationOptions options)
      : kb(kb), evaluator(kb, options), writer(kb) {}
  const KnowledgeBase& kb;
  Evaluator evaluator;
  ResultWriter writer;
};

Engine& engine(bool native, std::size_t options) {
  static Engine* engines[2][kOptionCount] = {};
  Engine*& e = engines[native ? 1 : 0][options];
  if (!e)
    e = new Engine(native ? fuzz::native_kb() : fuzz::interpreted_kb(),  // lives to the end
                   kOptions[options]);
  return *e;
}

void check_error(std::string_view text, const Case& c, const CaseError& e) {
  static const std::set<std::string> kCodes{"invalid_json",    "not_an_object",  "unknown_finding",
                                            "derived_finding", "duplicate_key",  "wrong_type",
                                            "out_of_range",    "unknown_choice", "invalid_id"};
  if (!kCodes.count(e.code)) fail("undocumented error code", e.code);
  if (e.message.empty() || !fuzz::one_line(e.message))
    fail("an error message is one non-empty line", e.message);
  // The position is inside the text, or just past its end (for "unexpected end").
  const TextPosition end = text_position(text, text.size());
  if (e.line < 1 || e.column < 1 || e.line > end.line ||
      (e.line == end.line && e.column > end.column))
    fail("error position outside the text", e.message);
  std::string record;
  append_error_json(c.id_json, 1, e, record);
  const nlohmann::json parsed = fuzz::parse_output(record);
  if (parsed.at("error").at("code").get<std::string>() != e.code) fail("error record code", record);
}

// The result's text without its "id" member, to compare results of different cases.
std::string without_id(std::string_view result) {
  nlohmann::json j = nlohmann::json::parse(result);
  j.erase("id");
  return j.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t options = size % kOptionCount;
  Engine& native = engine(true, options);
  Engine& interpreted = engine(false, options);

  Case c(native.kb);
  if (const auto error = read_case(native.kb, text, c)) {
    check_error(text, c, *error);
    Case again(interpreted.kb);
    const auto same = read_case(interpreted.kb, text, again);
    if (!same || same->code != error->code || same->column != error->column)
      fail("the same text reads differently with an equal knowledge base", error->message);
    return 0;
  }

  std::string out;
  const Result& result = native.evaluator.evaluate(c);
  native.writer.append(c, result, kFieldAll, out);
  const nlohmann::json parsed = fuzz::parse_output(out);

  OutputBuffer buffer;
  native.writer.append(c, result, kFieldAll, buffer);
  if (buffer.view() != out) fail("ResultWriter's two paths differ", out);

  // The same case through the interpreter: the same bytes out.
  Case c2(interpreted.kb);
  if (read_case(interpreted.kb, text, c2)) fail("accepted with one knowledge base only");
  std::string out2;
  interpreted.writer.append(c2, interpreted.evaluator.evaluate(c2), kFieldAll, out2);
  if (out2 != out) fail("native code and interpreter disagree", out + "\n  " + out2);

  // The answers as understood, read back as a case, give the same result (but the id).
  const std::string answers = parsed.at("answers").dump();
  Case back(native.kb);
  if (const auto e = read_case(native.kb, answers, back))
    fail("the result's answers are not a valid case: " + e->message, answers);
  std::string out3;
  native.writer.append(back, native.evaluator.evaluate(back), kFieldAll, out3);
  if (without_id(out3) != without_id(out)) fail("answers fed back give another result", answers);

  // The text for people: no crash, and valid UTF-8 even from odd answers.
  const std::string rendered =
      cli::render_text(native.kb, c, native.evaluator.evaluate(c), cli::Style(false));
  if (!fuzz::valid_utf8(rendered)) fail("text output is not valid UTF-8", rendered);
  return 0;
}
