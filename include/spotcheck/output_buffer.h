// A byte buffer for writing many results in a row.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace spotcheck {

/// Like a std::string used only for appending, except that making room does not
/// zero-fill: a writer can reserve space, write into it through a pointer and then commit
/// what it wrote, so that results go straight into the buffer they are sent from rather
/// than through a copy. The bytes past size() are uninitialised.
class OutputBuffer {
 public:
  OutputBuffer() = default;
  OutputBuffer(OutputBuffer&&) noexcept = default;
  OutputBuffer& operator=(OutputBuffer&&) noexcept = default;

  std::string_view view() const { return {data_.get(), size_}; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  /// Frees the memory (clear() keeps it for reuse).
  void release() { *this = OutputBuffer(); }

  /// Makes room for at least `n` more bytes; returns where they start (end()).
  char* reserve(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return end();
  }
  char* end() { return data_.get() + size_; }
  char* limit() { return data_.get() + capacity_; }
  /// Adds the bytes written up to `new_end` (between end() and limit()) to the contents.
  void commit(const char* new_end) { size_ = static_cast<std::size_t>(new_end - data_.get()); }

  void append(std::string_view s);
  void push_back(char c) {
    *reserve(1) = c;
    ++size_;
  }

 private:
  void grow(std::size_t n);  // at least doubles, so appends are amortised O(1)

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace spotcheck
