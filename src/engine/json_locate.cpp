#include "json_locate.h"

#include <cctype>

#include <spotcheck/error.h>

namespace spotcheck::detail {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::size_t pos() const { return pos_; }

  void skip_ws() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  // Reads a string at pos_ (which is at '"') and returns its raw contents; escapes are
  // kept except for the common simple ones, which is enough to match pointer tokens.
  std::string read_string() {
    std::string out;
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        ++pos_;
        const char e = text_[pos_];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        out += text_[pos_];
      }
      ++pos_;
    }
    ++pos_;
    return out;
  }

  void skip_value() {
    skip_ws();
    if (pos_ >= text_.size()) return;
    const char c = text_[pos_];
    if (c == '"') {
      read_string();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      while (pos_ < text_.size()) {
        const char d = text_[pos_];
        if (d == '"') {
          read_string();
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') {
          if (--depth == 0) {
            ++pos_;
            return;
          }
        }
        ++pos_;
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' &&
             text_[pos_] != ']' && !std::isspace(static_cast<unsigned char>(text_[pos_])))
        ++pos_;
    }
  }

  // With pos_ at a container value, moves to the member named `token`; false if absent.
  bool enter(const std::string& token) {
    skip_ws();
    if (pos_ >= text_.size()) return false;
    if (text_[pos_] == '{') {
      ++pos_;
      while (true) {
        skip_ws();
        if (pos_ >= text_.size() || text_[pos_] != '"') return false;
        const std::string key = read_string();
        skip_ws();
        ++pos_;  // ':'
        skip_ws();
        if (key == token) return true;
        skip_value();
        skip_ws();
        if (pos_ >= text_.size() || text_[pos_] != ',') return false;
        ++pos_;
      }
    }
    if (text_[pos_] == '[') {
      std::size_t index = 0;
      for (const char ch : token) {
        if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
        index = index * 10 + static_cast<std::size_t>(ch - '0');
      }
      ++pos_;
      for (std::size_t i = 0;; ++i) {
        skip_ws();
        if (i == index) return pos_ < text_.size() && text_[pos_] != ']';
        skip_value();
        skip_ws();
        if (pos_ >= text_.size() || text_[pos_] != ',') return false;
        ++pos_;
      }
    }
    return false;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::size_t locate_pointer(std::string_view text, const std::vector<std::string>& tokens) {
  // A UTF-8 byte order mark, which the parser skips, is not part of the document.
  const std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  Scanner s(text.substr(bom));
  s.skip_ws();
  std::size_t found = s.pos();
  for (const std::string& token : tokens) {
    if (!s.enter(token)) break;
    s.skip_ws();
    found = s.pos();
  }
  return bom + found;
}

}  // namespace spotcheck::detail

namespace spotcheck {

TextPosition text_position(std::string_view text, std::size_t offset) {
  TextPosition p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

}  // namespace spotcheck
