// SPDX-License-Identifier: Apache-2.0
// See pg_array.hpp.
#include "pg_array.hpp"

namespace sb::store_postgres {

void PgArray::separate() {
  if (count_++ > 0) text_.push_back(',');
}

void PgArray::add(std::string_view v) {
  separate();
  text_.reserve(text_.size() + v.size() + 2);
  text_.push_back('"');
  for (char c : v) {
    if (c == '"' || c == '\\') text_.push_back('\\');
    text_.push_back(c);
  }
  text_.push_back('"');
}

void PgArray::add(std::int64_t v) {
  separate();
  text_ += std::to_string(v);
}

void PgArray::add(const std::optional<std::string>& v) {
  if (v)
    add(std::string_view(*v));
  else
    add_null();
}

void PgArray::add_null() {
  separate();
  text_ += "NULL";
}

const std::string& PgArray::str() {
  if (!closed_) text_.push_back('}');
  closed_ = true;
  return text_;
}

bool storable_text(std::string_view s) {
  auto* p = reinterpret_cast<const unsigned char*>(s.data());
  auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c == 0) return false;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0 || end - p <= n) return false;
    std::uint32_t cp = c & (0x3F >> n);
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    p += n + 1;
  }
  return true;
}

}  // namespace sb::store_postgres
