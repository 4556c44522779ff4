// A strict reader for one case: a flat JSON object of finding ids. Hand-written rather
// than built on a DOM, because batch runs read millions of cases and the case's shape is
// fixed: this reads straight into the Case, with no allocation on the common path.
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#if defined(__SSE2__) && !defined(SPOTCHECK_SCALAR)
#include <emmintrin.h>
#endif

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <spotcheck/answer.h>
#include <spotcheck/case.h>
#include <spotcheck/error.h>
#include <spotcheck/result_json.h>

#include "id_index.h"

namespace spotcheck {
namespace {

class CaseReader {
 public:
  CaseReader(const KnowledgeBase& kb, std::string_view text, Case& out)
      : kb_(kb), text_(text), out_(out) {}

  std::optional<CaseError> read() {
    out_.clear_all();
    out_.id_json.clear();
    if (const std::size_t words = (kb_.findings().size() + 63) / 64; words > seen_small_.size()) {
      seen_large_.assign(words, 0);
      seen_ = seen_large_.data();
    }
    skip_ws();
    if (pos_ >= text_.size()) return fail("invalid_json", "empty input: expected a JSON object");
    if (text_[pos_] != '{') {
      if (text_[pos_] == '[' || text_[pos_] == '"' || text_[pos_] == '-' ||
          (text_[pos_] >= '0' && text_[pos_] <= '9') || text_.substr(pos_, 4) == "true" ||
          text_.substr(pos_, 5) == "false" || text_.substr(pos_, 4) == "null")
        return fail("not_an_object", "a case must be a JSON object of finding ids");
      return fail("invalid_json", fmt::format("unexpected {}: expected '{{'", describe_here()));
    }
    ++pos_;
    skip_ws();
    if (peek() == '}') {
      ++pos_;
      return finish();
    }
    // The usual spacing, `{"key": value, "key": value}`, is checked for first: a byte
    // compared where skip_ws would compare as many and then look again.
    while (true) {
      if (!at('"'))
        return fail("invalid_json",
                    fmt::format("unexpected {}: expected a key in double quotes", describe_here()));
      const std::size_t key_pos = pos_;
      if (auto e = read_string(key_, key_buffer_)) return e;
      if (!at(':'))
        return fail("invalid_json",
                    fmt::format("unexpected {}: expected ':' after the key", describe_here()));
      ++pos_;
      if (peek() == ' ' && pos_ + 1 < text_.size() &&
          static_cast<unsigned char>(text_[pos_ + 1]) > ' ')
        ++pos_;  // the one space after the colon
      else
        skip_ws();
      if (auto e = read_member(key_pos)) return e;
      if (peek() != ',' && peek() != '}') skip_ws();
      const char c = peek();
      ++pos_;
      if (c == '}') return finish();
      if (c != ',') {
        --pos_;
        return fail("invalid_json",
                    fmt::format("unexpected {}: expected ',' or '}}'", describe_here()));
      }
    }
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  // Inlined on purpose: called four times a member, and usually there is at most a space.
  [[gnu::always_inline]] void skip_ws() {
    // Every byte above ' ' ends the run at once: one comparison in the usual case.
    if (pos_ < text_.size() && static_cast<unsigned char>(text_[pos_]) > ' ') return;
    while (pos_ < text_.size() && kWhitespace[static_cast<unsigned char>(text_[pos_])]) ++pos_;
  }
  // Whether the next byte, after any whitespace, is `c` (then at it). None or one space
  // are the usual cases; anything else takes skip_ws's loop, ending where it would.
  [[gnu::always_inline]] bool at(char c) {
    if (peek() == c) return true;
    if (peek() == ' ' && pos_ + 1 < text_.size() && text_[pos_ + 1] == c) {
      ++pos_;
      return true;
    }
    skip_ws();
    return peek() == c;
  }
  static constexpr auto kWhitespace = [] {
    std::array<bool, 256> ws{};
    ws[' '] = ws['\t'] = ws['\n'] = ws['\r'] = true;
    return ws;
  }();
  // Whether the text at pos_ starts with the literal `word`.
  template <std::size_t N>
  bool at_word(const char (&word)[N]) const {
    if (text_.size() - pos_ < N - 1) return false;
    for (std::size_t i = 0; i < N - 1; ++i)
      if (text_[pos_ + i] != word[i]) return false;
    return true;
  }
  std::string describe_here() const {
    if (pos_ >= text_.size()) return "end of input";
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    return c >= 0x20 && c < 0x7f ? fmt::format("'{}'", static_cast<char>(c))
                                 : fmt::format("byte 0x{:02x}", c);
  }

  CaseError fail(const char* code, std::string message, std::string_view field = {}) const {
    return fail_at(pos_, code, std::move(message), field);
  }
  CaseError fail_at(std::size_t offset, const char* code, std::string message,
                    std::string_view field = {}) const {
    if (std::strcmp(code, "invalid_json") == 0) message = "invalid JSON: " + message;
    const TextPosition at = text_position(text_, offset);
    return CaseError{code, std::move(message), std::string(field), at.line, at.column};
  }

  std::optional<CaseError> finish() {
    skip_ws();
    if (pos_ < text_.size())
      return fail("invalid_json",
                  fmt::format("unexpected {} after the end of the object", describe_here()));
    return std::nullopt;
  }

  static void append_utf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::optional<std::uint32_t> hex4() {
    if (pos_ + 4 > text_.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return std::nullopt;
    }
    return v;
  }

  // Reads a JSON string at pos_ (a '"') into `out`: a view of the text itself when the
  // string has no escapes (the common case), else of `decoded`.
  // Inlined on purpose: called for every key, and the plain string is a few instructions
  // next to a call's saving and restoring of registers.
  [[gnu::always_inline]] std::optional<CaseError> read_string(std::string_view& out,
                                                              std::string& decoded) {
    const std::size_t first = pos_ + 1;
    const std::size_t end = plain_run_end(first);
    if (end < text_.size() && text_[end] == '"') {
      out = std::string_view(text_.data() + first, end - first);  // (substr's check is a call)
      pos_ = end + 1;
      return std::nullopt;
    }
    if (auto e = decode_string(decoded)) return e;
    out = decoded;
    return std::nullopt;
  }

  // Where the run of plain string bytes from `i` ends: at the closing quote, an escape, a
  // control byte or the end of the text. Sixteen bytes at a time where SSE2 is there
  // (unless SPOTCHECK_SCALAR asks for the portable loop alone, to test it).
  std::size_t plain_run_end(std::size_t i) const {
#if defined(__SSE2__) && !defined(SPOTCHECK_SCALAR)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i last_control = _mm_set1_epi8(0x1F);
    for (; i + 16 <= text_.size(); i += 16) {
      const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text_.data() + i));
      const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(chunk, last_control), last_control);
      const __m128i stop = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)), control);
      if (const int mask = _mm_movemask_epi8(stop); mask != 0)
        return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
    }
#endif
    while (i < text_.size() && !kStringStop[static_cast<unsigned char>(text_[i])]) ++i;
    return i;
  }

  // Bytes that end the plain run of a string: the closing quote, an escape, a control.
  static constexpr auto kStringStop = [] {
    std::array<bool, 256> stop{};
    for (int c = 0; c < 0x20; ++c) stop[static_cast<std::size_t>(c)] = true;
    stop['"'] = stop['\\'] = true;
    return stop;
  }();

  std::optional<CaseError> decode_string(std::string& out) {
    out.clear();
    ++pos_;
    while (true) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\' &&
             static_cast<unsigned char>(text_[pos_]) >= 0x20)
        ++pos_;
      out.append(text_.data() + start, pos_ - start);
      if (pos_ >= text_.size()) return fail("invalid_json", "unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return std::nullopt;
      }
      if (c != '\\') return fail("invalid_json", "control character in a string (escape it)");
      ++pos_;
      const char e = peek();
      ++pos_;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto cp = hex4();
          if (!cp) return fail("invalid_json", "bad \\u escape: expected 4 hex digits");
          if (*cp >= 0xD800 && *cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            const auto low = hex4();
            if (!low || *low < 0xDC00 || *low > 0xDFFF)
              return fail("invalid_json", "bad \\u escape: unpaired surrogate");
            cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
          } else if (*cp >= 0xD800 && *cp <= 0xDFFF) {
            cp = 0xFFFD;
          }
          append_utf8(out, *cp);
          break;
        }
        default:
          --pos_;
          return fail("invalid_json", fmt::format("bad escape {} in a string", describe_here()));
      }
    }
  }

  // Reads a JSON number at pos_, strictly by the JSON grammar.
  std::optional<CaseError> read_number(double& value) {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    const std::size_t int_start = pos_;
    const std::size_t int_digits = digits();
    if (int_digits == 0 || (int_digits > 1 && text_[int_start] == '0'))
      return fail_at(start, "invalid_json", "invalid number");
    std::size_t fraction_start = pos_, fraction_digits = 0;
    if (peek() == '.') {
      fraction_start = ++pos_;
      fraction_digits = digits();
      if (fraction_digits == 0)
        return fail_at(start, "invalid_json", "invalid number: digits expected after '.'");
    }
    bool exponent = false;
    if (peek() == 'e' || peek() == 'E') {
      exponent = true;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (digits() == 0)
        return fail_at(start, "invalid_json", "invalid number: digits expected in the exponent");
    }
    if (!exponent && int_digits + fraction_digits <= kExactDigits) {
      value = exact_decimal(std::string_view(text_.data() + int_start, int_digits),
                            std::string_view(text_.data() + fraction_start, fraction_digits));
      if (text_[start] == '-') value = -value;
      return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, value);
    if (ec != std::errc() || end != text_.data() + pos_) {
      if (ec == std::errc::result_out_of_range) {
        value = text_[start] == '-' ? -HUGE_VAL : HUGE_VAL;
        return std::nullopt;
      }
      return fail_at(start, "invalid_json", "invalid number");
    }
    return std::nullopt;
  }

  // The value of a decimal of at most kExactDigits digits (integer and fraction parts,
  // already checked), computed as an integer divided by a power of ten: both are exact
  // doubles, so the quotient is the correctly rounded value, the same as from_chars gives
  // (Clinger's fast path), at a fraction of its cost.
  static constexpr std::size_t kExactDigits = 15;
  static double exact_decimal(std::string_view integer, std::string_view fraction) {
    static constexpr double kPow10[kExactDigits + 1] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    std::uint64_t mantissa = 0;
    for (const char c : integer) mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
    for (const char c : fraction) mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
    return static_cast<double>(mantissa) / kPow10[fraction.size()];
  }

  // Skips any JSON value at pos_ (for a value of the wrong type, which is then reported).
  enum class Kind { kNull, kTrue, kFalse, kNumber, kString, kArray, kObject, kBad };
  Kind kind_here() const {
    switch (peek()) {
      case 'n':
        return at_word("null") ? Kind::kNull : Kind::kBad;
      case 't':
        return at_word("true") ? Kind::kTrue : Kind::kBad;
      case 'f':
        return at_word("false") ? Kind::kFalse : Kind::kBad;
      case '"':
        return Kind::kString;
      case '[':
        return Kind::kArray;
      case '{':
        return Kind::kObject;
      default:
        return (peek() == '-' || (peek() >= '0' && peek() <= '9')) ? Kind::kNumber : Kind::kBad;
    }
  }
  static const char* kind_name(Kind k) {
    switch (k) {
      case Kind::kNull:
        return "null";
      case Kind::kTrue:
      case Kind::kFalse:
        return "a boolean";
      case Kind::kNumber:
        return "a number";
      case Kind::kString:
        return "a string";
      case Kind::kArray:
        return "an array";
      case Kind::kObject:
        return "an object";
      case Kind::kBad:
        return "an invalid value";
    }
    return "?";
  }

  std::optional<CaseError> read_id(std::size_t key_pos) {
    // Like a finding, the id may be given once (docs/contract.md section 5): a second one
    // would otherwise silently win, or leave the first in place when it is null.
    if (id_seen_) return fail_at(key_pos, "duplicate_key", "'id' is given twice", "id");
    id_seen_ = true;
    const Kind k = kind_here();
    if (k == Kind::kString) {
      const std::size_t start = pos_;
      if (auto e = read_string(value_, value_buffer_)) return e;
      out_.id_json.clear();
      if (value_.data() == text_.data() + start + 1 && is_plain_ascii(value_))
        out_.id_json.assign(text_.substr(start, pos_ - start));  // already as it would be written
      else
        append_json_string(value_, out_.id_json);
    } else if (k == Kind::kNumber) {
      const std::size_t start = pos_;
      double value = 0;
      if (auto e = read_number(value)) return e;
      // The id is echoed as written, so it must be a number JSON readers take back: one
      // beyond the range of a double (1e309) makes nlohmann, for one, reject the result.
      if (!std::isfinite(value))
        return fail_at(start, "invalid_id", "'id' is a number too large to be read back", "id");
      out_.id_json.assign(text_.substr(start, pos_ - start));
    } else if (k == Kind::kNull) {
      pos_ += 4;
    } else if (k == Kind::kBad) {
      return fail("invalid_json", fmt::format("unexpected {}: expected a value", describe_here()));
    } else {
      return fail_at(key_pos, "invalid_id",
                     fmt::format("'id' must be a string or a number, not {}", kind_name(k)), "id");
    }
    return std::nullopt;
  }

  std::optional<CaseError> read_member(std::size_t key_pos) {
    if (key_ == "id") return read_id(key_pos);
    std::size_t f = kb_.finding_index().find(key_);
    if (f == detail::IdIndex::kMissing) {
      // Off the fast path: another spelling of an id ("Stiff-Neck"), else the one message.
      const auto named = find_finding_named(kb_, key_);
      if (!named) return fail_answer(key_pos, finding_name_problem(kb_, key_));
      f = *named;
    }
    // Input findings come first (knowledge_base.h), so no Finding needs reading here: the
    // common path stays in the few cache lines of the index and the type table.
    if (f >= kb_.input_finding_count())
      return fail_at(key_pos, "derived_finding",
                     fmt::format("'{}' is computed from other answers and cannot be given", key_),
                     key_);
    const std::uint64_t bit = 1ull << (f % 64);
    if (seen_[f / 64] & bit)
      return fail_at(key_pos, "duplicate_key", fmt::format("'{}' is given twice", key_), key_);
    seen_[f / 64] |= bit;
    const std::size_t value_pos = pos_;
    const Kind k = kind_here();
    if (k == Kind::kBad)
      return fail("invalid_json", fmt::format("unexpected {}: expected a value", describe_here()));
    if (k == Kind::kNull) {
      pos_ += 4;
      return std::nullopt;
    }
    switch (kb_.finding_type(f)) {
      case FindingType::kBool:
        if (k == Kind::kTrue || k == Kind::kFalse) {
          out_.set_bool(f, k == Kind::kTrue);
          pos_ += k == Kind::kTrue ? 4 : 5;
          return std::nullopt;
        }
        return read_answer_text(f, k, value_pos);
      case FindingType::kNumber: {
        if (k != Kind::kNumber) return read_answer_text(f, k, value_pos);
        double value = 0;
        if (auto e = read_number(value)) return e;
        if (auto problem = kb_.check_number(f, value))
          return fail_at(
              value_pos, "out_of_range",
              fmt::format("'{}' {} {}", key_, *problem, unit_note(kb_.findings()[f], value)), key_);
        out_.set(f, value);
        return std::nullopt;
      }
      case FindingType::kChoice: {
        if (k != Kind::kString) return read_answer_text(f, k, value_pos);
        if (auto e = read_string(value_, value_buffer_)) return e;
        const auto choice = kb_.find_choice(f, value_);
        if (!choice) return answer(f, value_, value_pos);
        out_.set(f, static_cast<double>(*choice));
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // Off the fast path: a value of another JSON type than the finding's own ("yes" or 1 for
  // a yes/no finding, "6m" for an age, 2 for the second choice) is read as its text would
  // be by the answer grammar (answer.h), the same as on the command line and in CSV.
  std::optional<CaseError> read_answer_text(std::size_t f, Kind k, std::size_t value_pos) {
    if (k == Kind::kString) {
      if (auto e = read_string(value_, value_buffer_)) return e;
      return answer(f, value_, value_pos);
    }
    if (k == Kind::kNumber) {
      double number = 0;
      if (auto e = read_number(number)) return e;
      return answer(f, fmt::format("{}", number), value_pos);
    }
    return fail_at(value_pos, "wrong_type",
                   fmt::format("'{}' takes {}, not {}", key_,
                               kb_.finding_type(f) == FindingType::kNumber ? "a number or null"
                               : kb_.finding_type(f) == FindingType::kBool ? "true, false or null"
                                                                           : "a choice or null",
                               kind_name(k)),
                   key_);
  }

  std::optional<CaseError> answer(std::size_t f, std::string_view text, std::size_t value_pos) {
    double value = 0;
    if (auto problem = parse_answer(kb_, f, text, key_, value))
      return fail_answer(value_pos, *problem);
    if (!std::isnan(value)) out_.set(f, value);
    return std::nullopt;
  }

  CaseError fail_answer(std::size_t at, const AnswerProblem& problem) const {
    return fail_at(at, answer_error_name(problem.code).data(), problem.message, key_);
  }

  static bool is_plain_ascii(std::string_view s) {
    // Eight bytes at a time: an id is usually one or two such words.
    std::size_t i = 0;
    for (std::uint64_t word = 0; i + 8 <= s.size(); i += 8) {
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) return false;
    }
    for (; i < s.size(); ++i)
      if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
    return true;
  }

  static std::string unit_note(const Finding& f, double value) {
    return f.unit.empty() ? fmt::format("(got {})", value)
                          : fmt::format("(got {} {})", value, f.unit);
  }

  const KnowledgeBase& kb_;
  std::string_view text_;
  Case& out_;
  std::size_t pos_ = 0;
  std::string_view key_, value_;
  std::string key_buffer_, value_buffer_;
  // Findings given so far, as bits: in place for any knowledge base of up to 256 findings,
  // so that reading a case does not allocate.
  std::array<std::uint64_t, 4> seen_small_{};
  std::vector<std::uint64_t> seen_large_;
  std::uint64_t* seen_ = seen_small_.data();
  bool id_seen_ = false;
};

}  // namespace

std::optional<CaseError> read_case(const KnowledgeBase& kb, std::string_view json, Case& out) {
  return CaseReader(kb, json, out).read();
}

}  // namespace spotcheck
