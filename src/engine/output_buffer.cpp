#include <algorithm>
#include <cstring>

#include <spotcheck/output_buffer.h>

namespace spotcheck {

void OutputBuffer::append(std::string_view s) {
  char* at = reserve(s.size());
  if (!s.empty()) std::memcpy(at, s.data(), s.size());
  size_ += s.size();
}

void OutputBuffer::grow(std::size_t n) {
  const std::size_t capacity = std::max({2 * capacity_, size_ + n, std::size_t{4096}});
  // new char[] without () leaves the bytes uninitialised: the point of this class.
  std::unique_ptr<char[]> data(new char[capacity]);
  if (size_) std::memcpy(data.get(), data_.get(), size_);
  data_ = std::move(data);
  capacity_ = capacity;
}

}  // namespace spotcheck
