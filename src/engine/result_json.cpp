#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include <spotcheck/presentation.h>
#include <spotcheck/result_json.h>

namespace spotcheck {
namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(s, out);
  return out;
}

std::string json_string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_json_string(items[i], out);
  }
  return out + "]";
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t n = 0;
  std::uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, min = 0x10000;
  else
    return 0;
  if (i + n > s.size()) return 0;
  std::uint32_t cp = c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

template <typename Out>
void append_score(double score, Out& out) {
  // Three decimals are plenty for ranking and keep output stable across platforms.
  // Written by hand: the score is in [0, 1], and a general double formatter is a large
  // part of a result's cost.
  // Rounds half away from zero, as std::lround, without its call: x - trunc(x) is exact.
  const double x = score * 1000.0;
  long milli = 0;
  if (x > 0) {  // (false for NaN too)
    milli = x >= 1000.0 ? 1000L : static_cast<long>(x);
    milli += x < 1000.0 && x - static_cast<double>(milli) >= 0.5;
  }
  // Every text from "0.000" to "1.000", made at compile time: the digits of each score
  // cost three divisions otherwise, five scores a result.
  static constexpr auto kText = [] {
    std::array<std::array<char, 5>, 1001> text{};
    for (int m = 0; m <= 1000; ++m)
      text[static_cast<std::size_t>(m)] = {
          static_cast<char>('0' + m / 1000), '.', static_cast<char>('0' + m / 100 % 10),
          static_cast<char>('0' + m / 10 % 10), static_cast<char>('0' + m % 10)};
    return text;
  }();
  out += std::string_view(kText[static_cast<std::size_t>(milli)].data(), 5);
}

// An answer as the texts show it: a number as the shortest text that reads back the same,
// a choice by its name (from `choice_names`: plain, or escaped for JSON), a bool as yes/no.
template <typename Out>
void append_answer(FindingType type, double v, const std::vector<std::string>& choice_names,
                   Out& out) {
  switch (type) {
    case FindingType::kNumber: {
      char buf[32];
      const char* end = fmt::format_to_n(buf, sizeof buf, "{}", v).out;
      out += std::string_view(buf, static_cast<std::size_t>(end - buf));
      break;
    }
    case FindingType::kChoice:
      out += std::string_view(choice_names[static_cast<std::size_t>(v)]);
      break;
    case FindingType::kBool:
      out += std::string_view(v != 0 ? "yes" : "no");
      break;
  }
}

// The escaped JSON text of `s`, without its quotes.
std::string json_escaped(std::string_view s) {
  std::string quoted = json_string(s);
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    while (i < s.size()) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++i;
    }
    out.append(s.data() + start, i - start);
    if (i >= s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not valid UTF-8
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    ++i;
  }
  out += '"';
}

std::string result_field_names() {
  std::string out;
  for (const std::string_view name : result_field_name_table())
    out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::optional<std::uint32_t> parse_result_fields(std::string_view list, std::string& bad) {
  std::uint32_t fields = 0;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    bool found = false;
    const auto names = result_field_name_table();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) {
        fields |= 1u << i;
        found = true;
      }
    }
    if (!found) {
      bad = std::string(name);
      return std::nullopt;
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (fields == 0) {
    bad = "";
    return std::nullopt;
  }
  return fields;
}

EvaluationOptions options_for_fields(std::uint32_t fields, EvaluationOptions base) {
  if (!(fields & kFieldNextQuestions)) base.max_questions = 0;
  if (!(fields & (kFieldCauses | kFieldNextQuestions))) base.rank_causes = false;
  return base;
}

namespace {

// Writes through a raw pointer into an OutputBuffer's spare room, so that each of the ~50
// fragments of a result costs a bounds check and a copy rather than a call.
class Appender {
 public:
  explicit Appender(OutputBuffer& out) : out_(out), cur_(out.end()), end_(out.limit()) {}
  ~Appender() { out_.commit(cur_); }
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;

  // Inlined on purpose: called for every fragment, and each call is a few instructions.
  [[gnu::always_inline]] Appender& operator+=(std::string_view x) {
    if (x.size() > static_cast<std::size_t>(end_ - cur_)) grow(x.size());
    std::memcpy(cur_, x.data(), x.size());
    cur_ += x.size();
    return *this;
  }
  [[gnu::always_inline]] Appender& operator+=(char c) {
    if (cur_ == end_) grow(1);
    *cur_++ = c;
    return *this;
  }

 private:
  void grow(std::size_t n) {
    out_.commit(cur_);
    cur_ = out_.reserve(n);
    end_ = out_.limit();
  }
  OutputBuffer& out_;
  char* cur_;
  char* end_;
};

// A knowledge-base text split at its {finding} placeholders, each piece already escaped,
// so that writing it needs no look-up, escaping or allocation.
struct TextPiece {
  std::string before;                     // escaped text up to the placeholder (or the end)
  std::size_t finding = TextPart::kNone;  // kNone: no placeholder follows
  std::string unknown;                    // escaped "{finding}", written when it is unanswered
  std::vector<std::string> choices;       // escaped choice names of a choice finding
};

// Splits `text` at its placeholders (presentation.h), each piece escaped for JSON.
std::vector<TextPiece> escaped_pieces(std::string_view text, const KnowledgeBase& kb) {
  std::vector<TextPiece> pieces;
  for (const TextPart& part : split_placeholders(text, kb)) {
    TextPiece piece{json_escaped(part.literal), part.finding, json_escaped(part.placeholder), {}};
    if (part.finding != TextPart::kNone)
      for (const std::string& choice : kb.findings()[part.finding].choices)
        piece.choices.push_back(json_escaped(choice));
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

// Writes the pieces as one JSON string, with `c`'s answers in the placeholders.
template <typename Out>
void append_text(const std::vector<TextPiece>& pieces, const KnowledgeBase& kb, const Case& c,
                 Out& out) {
  out += '"';
  for (const TextPiece& piece : pieces) {
    out += piece.before;
    if (piece.finding == TextPart::kNone) continue;
    if (piece.finding >= c.size() || !c.known(piece.finding)) {
      out += piece.unknown;
      continue;
    }
    append_answer(kb.findings()[piece.finding].type, c.value(piece.finding), piece.choices, out);
  }
  out += '"';
}

}  // namespace

struct ResultWriter::Fragments {
  std::string kb;                                       // ,"kb":{...}
  std::vector<std::string> level;                       // "level":"x","label":..,"advice":
  std::vector<std::string> level_advice;                // per level: its advice, as a JSON string
  std::vector<std::string> rule_advice;                 // per rule: its own advice, or empty
  std::vector<std::string> possible_level;              // ,"possible_level":"x"
  std::vector<std::string> reason;                      // {"rule":..}
  std::vector<std::string> rule_id;                     // per rule: its id as a JSON string
  std::vector<std::string> contradiction;               // per contradiction: {"id":..,"text":..}
  std::vector<std::string> answer_key;                  // per input finding: "id":
  std::vector<std::vector<std::string>> answer_choice;  // per input finding: its choices
  std::vector<std::string> cause_head;                  // {"id":..,"name":..,"category":..,"score":
  std::vector<std::string> cause_tail;                  // ,"sources":[..]}
  std::vector<std::string> label, negated;              // evidence labels as JSON strings
  std::vector<std::string> question;                    // {"finding":..,"text":..
  std::vector<std::string> raise_why;                   // per rule: ,"why":..,"reason":{..}}
  std::vector<std::string> raise_with_others_why;
  std::vector<std::string> cause_why;    // per cause
  std::vector<std::string> lesion_case;  // per derivation case: "type":..,"basis":..
  // Per derivation case, its text split at the {finding} placeholders.
  std::vector<std::vector<TextPiece>> lesion_text;
};

ResultWriter::ResultWriter(const KnowledgeBase& kb) : kb_(kb), f_(std::make_unique<Fragments>()) {
  Fragments& f = *f_;
  // The words are the presentation module's (presentation.h), escaped once here, so that
  // the text, the report and the JSON say the same and writing a result only copies.
  f.kb = fmt::format(R"("kb":{{"name":{},"version":{},"sha256":{}}})", json_string(kb.name()),
                     json_string(kb.version()), json_string(kb.sha256()));
  for (const TriageLevel& l : kb.triage_levels()) {
    f.level.push_back(
        fmt::format(R"("level":{},"label":{},"advice":)", json_string(l.id), json_string(l.label)));
    f.level_advice.push_back(json_string(l.advice));
    f.possible_level.push_back(fmt::format(R"(,"possible_level":{})", json_string(l.id)));
  }
  for (std::size_t i = 0; i < kb.input_finding_count(); ++i) {
    f.answer_key.push_back(json_string(kb.findings()[i].id) + ':');
    f.answer_choice.emplace_back();
    for (const std::string& choice : kb.findings()[i].choices)
      f.answer_choice.back().push_back(json_string(choice));
  }
  for (const Contradiction& c : kb.contradictions())
    f.contradiction.push_back(
        fmt::format(R"({{"id":{},"text":{}}})", json_string(c.id), json_string(c.text)));
  for (std::size_t i = 0; i < kb.triage_rules().size(); ++i) {
    const TriageRule& r = kb.triage_rules()[i];
    f.rule_advice.push_back(r.advice.empty() ? std::string() : json_string(r.advice));
    f.rule_id.push_back(json_string(r.id));
    f.reason.push_back(
        fmt::format(R"({{"rule":{},"level":{},"text":{},"condition":{},"sources":{}}})",
                    json_string(r.id), json_string(kb.triage_levels()[r.level].id),
                    json_string(r.text), json_string(r.condition), json_string_list(r.sources)));
    f.raise_why.push_back(fmt::format(
        R"(,"why":{},"reason":{{"type":"could_raise_triage","alone":true,"rule":{},"level":{}}}}})",
        json_string(raise_why_text(kb, i, true)), json_string(r.id),
        json_string(kb.triage_levels()[r.level].id)));
    f.raise_with_others_why.push_back(fmt::format(
        R"(,"why":{},"reason":{{"type":"could_raise_triage","alone":false,"rule":{},"level":{}}}}})",
        json_string(raise_why_text(kb, i, false)), json_string(r.id),
        json_string(kb.triage_levels()[r.level].id)));
  }
  for (std::size_t i = 0; i < kb.causes().size(); ++i) {
    const Cause& c = kb.causes()[i];
    f.cause_head.push_back(fmt::format(R"({{"id":{},"name":{},"category":{},"score":)",
                                       json_string(c.id), json_string(c.name),
                                       json_string(kb.categories()[c.category].id)));
    f.cause_tail.push_back(fmt::format(R"(,"sources":{}}})", json_string_list(c.sources)));
    f.cause_why.push_back(
        fmt::format(R"(,"why":{},"reason":{{"type":"separates_causes","cause":{}}}}})",
                    json_string(cause_why_text(kb, i)), json_string(c.id)));
  }
  for (const EvidenceItem& e : kb.evidence()) {
    f.label.push_back(json_string(e.label));
    f.negated.push_back(json_string(e.negated_label));
  }
  for (const Finding& q : kb.findings())
    f.question.push_back(
        fmt::format(R"({{"finding":{},"text":{})", json_string(q.id), json_string(q.question)));
  for (std::size_t i = 0; i < kb.derivation_cases().size(); ++i) {
    // Only the lesion finding's cases name a type; other derived findings (of any type)
    // get "unknown" (derivation_type_text).
    const DerivationCase& d = kb.derivation_cases()[i];
    f.lesion_case.push_back(fmt::format(R"("type":{},"basis":{},"text":)",
                                        json_string(derivation_type_text(kb, i)),
                                        json_string(d.basis)));
    f.lesion_text.push_back(escaped_pieces(d.text, kb));
  }
}

ResultWriter::~ResultWriter() = default;

void ResultWriter::append(const Case& c, const Result& r, std::uint32_t fields,
                          std::string& text) const {
  thread_local OutputBuffer buffer;
  buffer.clear();
  append(c, r, fields, buffer);
  text += buffer.view();
}

void ResultWriter::append_case(const Case& c, std::string& out) const {
  std::string whole;  // {"answers":{...}}
  append(c, Result{}, kFieldAnswers, whole);
  constexpr std::string_view kOpen = R"({"answers":)";
  out.append(whole, kOpen.size(), whole.size() - kOpen.size() - 1);
}

void ResultWriter::append(const Case& c, const Result& r, std::uint32_t fields,
                          OutputBuffer& buffer) const {
  const Fragments& f = *f_;
  Appender out(buffer);
  bool first = true;
  // Writes `"name":`, after a comma unless it is the first field. Inlined, with the name's
  // length known, so that each key is a couple of moves rather than a call. (GCC ignores
  // [[gnu::always_inline]] in that place, on the lambda's type: the names of 9 bytes, used
  // three times, were a call each.)
  auto key = [&]<std::size_t N>(const char(&quoted_name_colon)[N]) __attribute__((always_inline)) {
    if (!first) out += ',';
    first = false;
    out += std::string_view(quoted_name_colon, N - 1);
  };
  out += '{';
  if (fields & kFieldSchemaVersion) {
    key(R"("schema_version":)");
    out += '1';
  }
  if (fields & kFieldId) {
    key(R"("id":)");
    out += c.id_json.empty() ? std::string_view("null") : std::string_view(c.id_json);
  }
  if (fields & kFieldAnswers) {
    key(R"("answers":)");
    out += '{';
    bool first_answer = true;
    for (std::size_t i = 0; i < f.answer_key.size(); ++i) {
      if (!c.known(i)) continue;
      if (!first_answer) out += ',';
      first_answer = false;
      out += f.answer_key[i];
      const Finding& finding = kb_.findings()[i];
      if (finding.type == FindingType::kBool) {
        if (c.value(i) != 0)  // (each literal on its own, moved inline: see the evidence keys)
          out += "true";
        else
          out += "false";
      } else if (finding.type == FindingType::kChoice)
        out += f.answer_choice[i][static_cast<std::size_t>(c.value(i))];
      else
        append_answer(finding.type, c.value(i), finding.choices, out);
    }
    out += '}';
  }
  // A knowledge base without a lesion finding (docs/kb-format.md) has no `lesion` to report.
  if ((fields & kFieldLesion) && kb_.lesion_type_finding()) {
    key(R"("lesion":)");
    out += '{';
    if (r.lesion_case < 0) {
      out += R"("type":"unknown","basis":"none","text":"")";
    } else {
      const auto k = static_cast<std::size_t>(r.lesion_case);
      out += f.lesion_case[k];
      append_text(f.lesion_text[k], kb_, c, out);
    }
    out += '}';
  }
  if (fields & kFieldContradictions) {
    key(R"("contradictions":[)");
    for (std::size_t i = 0; i < r.contradictions.size(); ++i) {
      if (i) out += ',';
      out += f.contradiction[r.contradictions[i]];
    }
    out += ']';
  }
  if (fields & kFieldTriage) {
    key(R"("triage":)");
    out += '{';
    out += f.level[r.triage_level];
    std::string_view advice = f.level_advice[r.triage_level];
    for (const std::size_t i : r.reasons)
      if (!f.rule_advice[i].empty()) {
        advice = f.rule_advice[i];
        break;
      }
    out += advice;
    out += f.possible_level[r.possible_level];
    out += ",\"reasons\":[";
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
      if (i) out += ',';
      out += f.reason[r.reasons[i]];
    }
    out += "]}";
  }
  if (fields & kFieldCauses) {
    key(R"("causes":)");
    out += '[';
    for (std::size_t i = 0; i < r.causes.size(); ++i) {
      const RankedCause& rc = r.causes[i];
      if (i) out += ',';
      out += f.cause_head[rc.cause];
      append_score(rc.score, out);
      const auto append_hits = [&](const std::vector<EvidenceHit>& hits) {
        for (std::size_t h = 0; h < hits.size(); ++h) {
          if (h) out += ',';
          out += hits[h].condition_true ? f.label[hits[h].item] : f.negated[hits[h].item];
        }
      };
      // Each key a literal of its own: one chosen at run time is copied by a call to
      // memcpy, where a literal's few bytes are moved inline.
      out += ",\"evidence_for\":[";
      append_hits(rc.evidence_for);
      out += "],\"evidence_against\":[";
      append_hits(rc.evidence_against);
      out += ']';
      if (rc.pinned) {
        out += ",\"pinned_by\":[";
        bool first_rule = true;
        for (const std::size_t rule : r.fired) {
          const auto& points_to = kb_.triage_rules()[rule].points_to;
          if (std::find(points_to.begin(), points_to.end(), rc.cause) == points_to.end()) continue;
          if (!first_rule) out += ',';
          first_rule = false;
          out += f.rule_id[rule];
        }
        out += ']';
      }
      out += f.cause_tail[rc.cause];
    }
    out += ']';
  }
  if (fields & kFieldNextQuestions) {
    key(R"("next_questions":)");
    out += '[';
    for (std::size_t i = 0; i < r.next_questions.size(); ++i) {
      const NextQuestion& q = r.next_questions[i];
      if (i) out += ',';
      out += f.question[q.finding];
      out += q.why == NextQuestion::Why::kSeparatesCauses ? f.cause_why[q.cause]
             : q.alone                                    ? f.raise_why[q.rule]
                                                          : f.raise_with_others_why[q.rule];
    }
    out += ']';
  }
  if (fields & kFieldKb) {
    if (!first) out += ',';
    first = false;
    out += f.kb;
  }
  out += '}';
}

void append_error_json(std::string_view id_json, std::size_t line, const CaseError& e,
                       std::string& out) {
  out += "{\"id\":";
  out += id_json.empty() ? "null" : id_json;
  out += fmt::format(R"(,"line":{},"error":{{"code":)", line);
  append_json_string(e.code, out);
  out += ",\"message\":";
  append_json_string(e.message, out);
  if (!e.field.empty()) {
    out += ",\"field\":";
    append_json_string(e.field, out);
  }
  if (e.column) out += fmt::format(R"(,"column":{})", e.column);
  out += "}}";
}

}  // namespace spotcheck
