#include "batch_line_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace spotcheck::cli {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

LineReader::LineReader(ReadFn read, std::size_t max_line_bytes, std::size_t block_size)
    : read_(std::move(read)),
      max_line_(max_line_bytes),
      block_(std::max<std::size_t>(block_size, 16)) {
  buf_.resize(block_);
}

LineReader::Status LineReader::next(Line& line, bool may_read) {
  for (;;) {
    const char* base = buf_.data();
    // Only the bytes not yet searched are searched: a line that arrives in many small
    // reads is still scanned once.
    const void* nl = scan_ < end_ ? std::memchr(base + scan_, '\n', end_ - scan_) : nullptr;
    if (nl) {
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
      const std::size_t length = at - pos_;
      line.number = ++line_number_;
      if (length > max_line_) {
        line.text = {};
        line.too_long = length;
      } else {
        line.text = std::string_view(base + pos_, length);
        line.too_long = 0;
      }
      consumed_ += length + 1;
      pos_ = scan_ = at + 1;
      break;
    }
    scan_ = end_;
    const std::size_t partial = end_ - pos_;
    if (partial > max_line_) {
      // Too long already: stop keeping it, whatever its final length.
      line.number = ++line_number_;
      line.text = {};
      line.too_long = skip_rest_of_line(partial);
      return Status::kLine;
    }
    if (eof_) {
      if (partial == 0) return Status::kEnd;
      line.number = ++line_number_;
      line.text = std::string_view(base + pos_, partial);
      line.too_long = 0;
      consumed_ += partial;
      pos_ = scan_ = end_;
      break;
    }
    if (!may_read) return Status::kWouldRead;
    refill();
  }
  if (line.number == 1 && line.text.starts_with(kByteOrderMark))
    line.text.remove_prefix(kByteOrderMark.size());
  return Status::kLine;
}

void LineReader::refill() {
  // Keep the unfinished line, at the front, so it stays contiguous.
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    scan_ -= pos_;
    pos_ = 0;
  }
  // Full of one unfinished line that is still within the limit: make room for it.
  if (end_ == buf_.size()) buf_.resize(std::min(buf_.size() * 2, max_line_ + block_));
  const std::size_t n = read_(buf_.data() + end_, buf_.size() - end_);
  if (n == 0) eof_ = true;
  end_ += n;
}

// Discards input up to and including the next '\n' (or the end); returns the length of
// the whole line, `already` being the part of it that was buffered.
std::uint64_t LineReader::skip_rest_of_line(std::size_t already) {
  std::uint64_t length = already;
  pos_ = scan_ = end_ = 0;
  while (!eof_) {
    const std::size_t n = read_(buf_.data(), buf_.size());
    if (n == 0) {
      eof_ = true;
      break;
    }
    const void* nl = std::memchr(buf_.data(), '\n', n);
    if (nl) {
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data());
      length += at;
      pos_ = scan_ = at + 1;
      end_ = n;
      consumed_ += length + 1;
      return length;
    }
    length += n;
  }
  consumed_ += length;
  return length;
}

}  // namespace spotcheck::cli
