// Fuzz target: the hand-written case reader (src/engine/case_reader.cpp) against
// nlohmann::json, a reference JSON parser. Both ways:
//  - every text read_case accepts, nlohmann accepts too, as an object with the same
//    values: each answer, the unknowns, and the id (whose echoed text must itself be the
//    JSON of the same value);
//  - every text nlohmann reads as a valid case (an object of known input findings with
//    values of the right type and range, no key twice) read_case accepts.
// The reader's documented leniencies are left out of the first check: invalid UTF-8 and
// unpaired surrogate escapes inside the id string, which it passes on as U+FFFD where
// nlohmann rejects the whole text (case.h; docs/batch.md "The output is always valid
// UTF-8"). nlohmann skips a byte-order mark, which a case may not start with (batch
// strips one at the start of the input), and stops at a NUL byte as at the end of the
// text, so the second check leaves texts with either out.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <spotcheck/answer.h>
#include <spotcheck/case.h>

#include "fuzz_common.h"

using namespace spotcheck;
using nlohmann::json;
using spotcheck::fuzz::fail;

namespace {

// Whether the id member's string holds something only the reader accepts: a byte that is
// not valid UTF-8, or a \u escape of a surrogate that is not part of a pair. Scans the raw
// text of every string that follows an "id" key, which over-approximates (a value "id"
// followed by a string is not a key), and that only skips a check.
bool has_lenient_id(std::string_view text) {
  for (std::size_t at = text.find("\"id\""); at != std::string_view::npos;
       at = text.find("\"id\"", at + 1)) {
    std::size_t i = at + 4;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                               text[i] == '\r' || text[i] == ':'))
      ++i;
    if (i >= text.size() || text[i] != '"') continue;
    const std::size_t end = [&] {
      std::size_t k = i + 1;
      while (k < text.size() && text[k] != '"') k += text[k] == '\\' ? 2 : 1;
      return std::min(k, text.size());
    }();
    const std::string_view body = text.substr(i + 1, end - i - 1);
    if (!fuzz::valid_utf8(body)) return true;
    for (std::size_t k = 0; k + 1 < body.size(); ++k) {
      if (body[k] != '\\') continue;
      if (body[k + 1] == 'u' && k + 2 < body.size() && (body[k + 2] == 'd' || body[k + 2] == 'D'))
        return true;  // any surrogate escape: paired ones are checked the same either way
      ++k;
    }
  }
  return false;
}

// nlohmann's reading of `text` as a case of `kb`, checked as read_case checks it, into
// `answers` (per input finding, NaN for unknown); false when nlohmann rejects the text or
// it is not a valid case. Keys are matched and values read as the case reader does: a
// value of the finding's own JSON type directly, any other string or number through the
// one answer grammar (answer.h), which both share; so this checks the JSON layer. Keys
// given twice (under any spelling) are caught by a parser callback, since the DOM keeps
// only one of them.
bool reference_accepts(const KnowledgeBase& kb, std::string_view text, json& doc,
                       std::vector<double>& answers) {
  std::vector<std::string> keys;
  const json::parser_callback_t track = [&](int depth, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key && depth == 1) keys.push_back(parsed.get<std::string>());
    return true;
  };
  doc = json::parse(text.begin(), text.end(), track, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return false;
  answers.assign(kb.input_finding_count(), std::nan(""));
  std::set<std::size_t> seen;
  bool id_seen = false;
  for (const std::string& key : keys) {
    if (key == "id") {
      if (id_seen) return false;
      id_seen = true;
      continue;
    }
    const auto f = find_finding_named(kb, key);
    if (!f || *f >= kb.input_finding_count() || !seen.insert(*f).second) return false;
  }
  for (const auto& item : doc.items()) {
    const std::string& key = item.key();
    const json& value = item.value();
    if (key == "id") {
      if (!value.is_string() && !value.is_number() && !value.is_null()) return false;
      continue;
    }
    const std::size_t f = *find_finding_named(kb, key);
    if (value.is_null()) continue;
    const FindingType type = kb.findings()[f].type;
    double v = 0;
    if (type == FindingType::kBool && value.is_boolean()) {
      v = value.get<bool>() ? 1 : 0;
    } else if (type == FindingType::kNumber && value.is_number()) {
      v = value.get<double>();
      if (kb.check_number(f, v)) return false;
    } else if (type == FindingType::kChoice && value.is_string() &&
               kb.find_choice(f, value.get_ref<const std::string&>())) {
      v = static_cast<double>(*kb.find_choice(f, value.get_ref<const std::string&>()));
    } else if (value.is_string() || value.is_number()) {
      const std::string answer =
          value.is_string() ? value.get<std::string>() : fmt::format("{}", value.get<double>());
      if (parse_answer(kb, f, answer, key, v)) return false;
    } else {
      return false;
    }
    answers[f] = v;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const KnowledgeBase& kb = fuzz::native_kb();
  Case c(kb);
  const bool accepted = !read_case(kb, text, c);
  json doc;
  std::vector<double> answers;
  const bool reference = reference_accepts(kb, text, doc, answers);
  const std::string shown(text);

  if (!accepted) {
    // nlohmann also takes a NUL byte for the end of the input, and ignores what follows.
    const bool quirk = text.starts_with("\xEF\xBB\xBF") || text.find('\0') != text.npos;
    if (reference && !quirk) fail("read_case rejects a valid case that nlohmann reads", shown);
    return 0;
  }
  if (!reference) {
    if (has_lenient_id(text)) return 0;
    fail("read_case accepts what nlohmann rejects or finds invalid", shown);
  }

  // The same answers.
  for (std::size_t f = 0; f < kb.input_finding_count(); ++f) {
    const Finding& finding = kb.findings()[f];
    const bool given = !std::isnan(answers[f]);
    if (given != c.known(f)) fail("a finding known to one reader only: " + finding.id, shown);
    // == rather than bits: nlohmann reads -0 as the integer 0.
    if (given && c.value(f) != answers[f]) fail("a different value for " + finding.id, shown);
  }
  // The same id, and its echo is the JSON text of that id.
  const auto id = doc.find("id");
  if (id == doc.end() || id->is_null()) {
    if (!c.id_json.empty()) fail("an id where nlohmann has none", shown);
  } else {
    const json echoed = json::parse(c.id_json, nullptr, /*allow_exceptions=*/false);
    if (echoed.is_discarded()) fail("the echoed id is not JSON", c.id_json);
    // Numbers by value: the echo keeps the text (1.0 stays 1.0), nlohmann may type it apart.
    const bool same =
        id->is_number() ? echoed.is_number() &&
                              (echoed.get<double>() == id->get<double>() ||
                               (std::isnan(echoed.get<double>()) && std::isnan(id->get<double>())))
                        : echoed == *id;
    if (!same) fail("a different id: " + c.id_json + " against " + id->dump(), shown);
  }
  return 0;
}
