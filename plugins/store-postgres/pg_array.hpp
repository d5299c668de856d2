// SPDX-License-Identifier: Apache-2.0
// Text the way PostgreSQL takes it: array literals ('{"a",NULL}') for the bulk statements
// that insert a whole batch through unnest($1::text[], ...), and the check that a string
// can be stored as `text` at all (valid UTF-8, no NUL byte).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::store_postgres {

class PgArray {
 public:
  PgArray() : text_("{") {}
  void add(std::string_view v);
  void add(const std::string& v) { add(std::string_view(v)); }
  void add(const char* v) { add(std::string_view(v)); }
  void add(std::int64_t v);
  void add(const std::optional<std::string>& v);
  void add_null();
  // The literal; the builder can take no more elements afterwards.
  const std::string& str();
  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }

 private:
  void separate();
  std::string text_;
  std::size_t count_ = 0;
  bool closed_ = false;
};

bool storable_text(std::string_view s);

}  // namespace sb::store_postgres
