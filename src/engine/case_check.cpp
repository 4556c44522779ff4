// One expectation line: read strictly (a typo in a key or an id would otherwise silently
// turn a check off), and checked against a result.
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <spotcheck/answer.h>
#include <spotcheck/case_check.h>

#include "echo.h"
#include "json_locate.h"
#include "json_shape.h"

namespace spotcheck {
namespace {

using nlohmann::json;

// An expectation line is two levels deep; anything much deeper is not one, and the limit
// keeps every later pass safe whatever the bytes.
constexpr std::size_t kMaxDepth = 16;

constexpr std::array<std::string_view, 7> kKeys = {"case", "triage", "top3",  "lesion",
                                                   "show", "why",    "source"};

// A message that may hold a key of the input (json_shape.h's), with its control bytes as '?'.
std::string without_controls(std::string_view message) {
  std::string out;
  for (const char c : message) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  return out;
}

// nlohmann's message with the bytes it last read ("; last read: '...'", any bytes of the
// input) quoted as every message quotes input: short, control bytes escaped. What follows
// them is quoted too, since the input's bytes could imitate it; what precedes is
// nlohmann's own words.
std::string quote_token(const std::string& message) {
  static constexpr std::string_view kLastRead = "; last read: '";
  const std::size_t begin = message.find(kLastRead);
  const std::size_t token = begin == std::string::npos ? message.size() : begin + kLastRead.size();
  return without_controls(std::string_view(message).substr(0, token)) +
         detail::echo(std::string_view(message).substr(token));
}

// Validates without building anything, to learn where the JSON breaks.
class SyntaxCheck final : public nlohmann::json_sax<json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 4: syntax error ...":
    // keep what follows the position, which says what was wrong.
    const std::string what = e.what();
    const std::size_t column = what.find("column ");
    const std::size_t colon =
        column == std::string::npos ? what.find("] ") : what.find(": ", column);
    error = ExpectationError{
        std::max<std::size_t>(position, 1),
        "invalid JSON: " + quote_token(colon == std::string::npos ? what : what.substr(colon + 2))};
    return false;
  }
  std::optional<ExpectationError> error;
};

// The end of the object that starts at `begin` in valid JSON text.
std::size_t object_end(std::string_view text, std::size_t begin) {
  std::size_t depth = 0;
  for (std::size_t i = begin; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return text.size();
}

class ExpectationReader {
 public:
  ExpectationReader(const KnowledgeBase& kb, std::string_view line, CaseExpectation& out)
      : kb_(kb), line_(line), out_(out) {}

  std::optional<ExpectationError> read() {
    // nlohmann ends its input at a NUL byte and skips a leading byte-order mark: both would
    // let bytes through unchecked (ExpectationSuite drops the one mark a file may start with).
    if (const std::size_t nul = line_.find('\0'); nul != std::string_view::npos)
      return ExpectationError{nul + 1, "invalid JSON: a NUL byte"};
    if (line_.starts_with("\xEF\xBB\xBF"))
      return ExpectationError{1,
                              "invalid JSON: a byte-order mark, which only a file may start with"};
    SyntaxCheck syntax;
    json::sax_parse(line_, &syntax);
    if (syntax.error) return syntax.error;
    if (const auto problems = detail::check_json_shape(line_, kMaxDepth); !problems.empty()) {
      const detail::JsonShapeProblem* shape = &problems.front();
      // Its depth message speaks of knowledge bases; a repeated key's is right as it is.
      const bool deep = line_[shape->offset] == '{' || line_[shape->offset] == '[';
      return ExpectationError{shape->offset + 1,
                              deep ? fmt::format("nesting deeper than {} levels: not an "
                                                 "expectation line",
                                                 kMaxDepth)
                                   : without_controls(shape->message)};
    }
    const json j = json::parse(line_);
    if (!j.is_object())
      return fail({}, "an expectation line must be a JSON object with 'case' and 'triage'");
    for (const auto& [key, value] : j.items()) {
      if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
        const std::vector<std::string> keys(kKeys.begin(), kKeys.end());
        return fail({key}, fmt::format("unknown key '{}'{} (keys: {})", detail::echo(key),
                                       did_you_mean(key, keys), fmt::join(kKeys, ", ")));
      }
    }
    if (auto e = read_case(j)) return e;
    std::vector<std::string> names;
    for (const TriageLevel& l : kb_.triage_levels()) names.push_back(l.id);
    if (auto e = read_ids(j, "triage", "triage level", names, true, out_.triage)) return e;
    names.clear();
    for (const Category& c : kb_.categories()) names.push_back(c.id);
    if (auto e = read_ids(j, "top3", "category", names, false, out_.top3)) return e;
    names.clear();
    if (const auto lt = kb_.lesion_type_finding()) names = kb_.findings()[*lt].choices;
    names.push_back("unknown");
    std::vector<std::size_t> lesions;
    if (auto e = read_ids(j, "lesion", "lesion type", names, false, lesions)) return e;
    for (const std::size_t k : lesions)
      out_.lesion.push_back(k + 1 == names.size() ? -1 : static_cast<int>(k));
    names.clear();
    for (const Cause& c : kb_.causes()) names.push_back(c.id);
    if (auto e = read_ids(j, "show", "cause", names, false, out_.show)) return e;
    for (const char* key : {"why", "source"})
      if (j.contains(key) && !j[key].is_string() && !j[key].is_null())
        return fail({key}, fmt::format("'{}' must be a string", key));
    return std::nullopt;
  }

 private:
  ExpectationError fail(const std::vector<std::string>& pointer, std::string message) const {
    return {detail::locate_pointer(line_, pointer) + 1, std::move(message)};
  }

  std::optional<ExpectationError> read_case(const json& j) {
    if (!j.contains("case")) return fail({}, "missing 'case': the answers to evaluate");
    if (!j["case"].is_object()) return fail({"case"}, "'case' must be a JSON object of findings");
    // The case's own text, read by the reader every case goes through (numbers exactly as
    // written, its errors as they are), with its columns moved to the line's.
    const std::size_t begin = detail::locate_pointer(line_, {"case"});
    const std::string_view text = line_.substr(begin, object_end(line_, begin) - begin);
    const json& c = j["case"];
    if (c.contains("id")) {
      out_.id = c["id"].is_string() ? c["id"].get<std::string>() : c["id"].dump();
      out_.id_column = detail::locate_pointer(line_, {"case", "id"}) + 1;
    }
    if (auto e = spotcheck::read_case(kb_, text, out_.input))
      return ExpectationError{begin + e->column, e->message};
    return std::nullopt;
  }

  // The list at `key`: ids among `names`, as indices into it.
  std::optional<ExpectationError> read_ids(const json& j, const char* key, const char* what,
                                           const std::vector<std::string>& names, bool required,
                                           std::vector<std::size_t>& out) const {
    if (!j.contains(key) || j[key].is_null()) {
      if (required) return fail({}, fmt::format("missing '{}': the {}s to accept", key, what));
      return std::nullopt;
    }
    const json& list = j[key];
    if (!list.is_array())
      return fail({key}, fmt::format("'{}' must be an array of {} ids{}", key, what,
                                     required ? "" : ", or null"));
    if (list.empty())
      return fail({key}, fmt::format("'{}' is empty, so it would accept nothing{}", key,
                                     required ? "" : " (null, or no key, does not check it)"));
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::vector<std::string> at{key, std::to_string(i)};
      if (!list[i].is_string()) return fail(at, fmt::format("'{}' holds a non-string", key));
      const std::string id = list[i].get<std::string>();
      const auto found = std::find(names.begin(), names.end(), id);
      if (found == names.end())
        return fail(at, fmt::format("unknown {} '{}' in '{}'{}", what, detail::echo(id), key,
                                    did_you_mean(id, names)));
      out.push_back(static_cast<std::size_t>(found - names.begin()));
    }
    return std::nullopt;
  }

  const KnowledgeBase& kb_;
  std::string_view line_;
  CaseExpectation& out_;
};

template <typename T>
bool contains(const std::vector<T>& list, T value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::optional<ExpectationError> read_expectation(const KnowledgeBase& kb, std::string_view line,
                                                 CaseExpectation& out) {
  out.input.clear_all();
  out.input.id_json.clear();
  out.id.clear();
  out.id_column = 0;
  out.triage.clear();
  out.top3.clear();
  out.lesion.clear();
  out.show.clear();
  return ExpectationReader(kb, line, out).read();
}

std::string_view checked_field_name(CheckedField field) {
  switch (field) {
    case CheckedField::kTriage:
      return "triage";
    case CheckedField::kTop3:
      return "top3";
    case CheckedField::kLesion:
      return "lesion";
    case CheckedField::kShow:
      return "show";
  }
  return "triage";  // not reached: every enumerator is named above (-Wswitch-enum)
}

std::string describe(const Mismatch& m) {
  const std::string got = m.got.empty() ? "none" : fmt::format("{}", fmt::join(m.got, ", "));
  const std::string accepted = fmt::format("{}", fmt::join(m.expected, ", "));
  switch (m.field) {
    case CheckedField::kTriage:
      return fmt::format("triage: got {}; accepted: {}", got, accepted);
    case CheckedField::kTop3:
      return fmt::format("top3: the top {} causes are {}; accepted categories: {}",
                         kExpectTopCauses, got, accepted);
    case CheckedField::kLesion:
      return fmt::format("lesion: got {}; accepted: {}", got, accepted);
    case CheckedField::kShow:
      return fmt::format("show: the first {} causes are {}; accepted: {}", kExpectShownCauses, got,
                         accepted);
  }
  return got;  // not reached
}

EvaluationOptions expectation_evaluation_options() {
  EvaluationOptions options;
  options.max_causes = kExpectShownCauses;
  options.max_questions = 0;
  return options;
}

std::vector<Mismatch> check_expectation(const KnowledgeBase& kb, const CaseExpectation& e,
                                        const Result& r) {
  std::vector<Mismatch> out;
  const auto level_id = [&](std::size_t l) { return kb.triage_levels()[l].id; };
  if (!contains(e.triage, r.triage_level)) {
    Mismatch m{CheckedField::kTriage, {}, {level_id(r.triage_level)}};
    for (const std::size_t l : e.triage) m.expected.push_back(level_id(l));
    out.push_back(std::move(m));
  }
  const std::size_t top = std::min(kExpectTopCauses, r.causes.size());
  if (!e.top3.empty()) {
    Mismatch m{CheckedField::kTop3, {}, {}};
    bool found = false;
    for (std::size_t k = 0; k < top; ++k) {
      const Cause& cause = kb.causes()[r.causes[k].cause];
      found |= contains(e.top3, cause.category);
      m.got.push_back(fmt::format("{} ({})", cause.id, kb.categories()[cause.category].id));
    }
    for (const std::size_t c : e.top3) m.expected.push_back(kb.categories()[c].id);
    if (!found) out.push_back(std::move(m));
  }
  if (!e.lesion.empty() && !contains(e.lesion, r.lesion)) {
    const auto name = [&](int l) {
      return l < 0 ? std::string("unknown")
                   : kb.findings()[*kb.lesion_type_finding()].choices[static_cast<std::size_t>(l)];
    };
    Mismatch m{CheckedField::kLesion, {}, {name(r.lesion)}};
    for (const int l : e.lesion) m.expected.push_back(name(l));
    out.push_back(std::move(m));
  }
  if (!e.show.empty()) {
    Mismatch m{CheckedField::kShow, {}, {}};
    bool found = false;
    for (std::size_t k = 0; k < std::min(kExpectShownCauses, r.causes.size()); ++k) {
      found |= contains(e.show, r.causes[k].cause);
      m.got.push_back(kb.causes()[r.causes[k].cause].id);
    }
    for (const std::size_t c : e.show) m.expected.push_back(kb.causes()[c].id);
    if (!found) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace spotcheck
