// SPDX-License-Identifier: Apache-2.0
// What a store throws: `unavailable` when the database cannot be reached (the client gets
// "unavailable" and may retry), `conflict` for a uniqueness clash, anything else is a bug.
#pragma once

#include <stdexcept>
#include <string>

namespace sb {

class StoreError : public std::runtime_error {
 public:
  enum class Kind { unavailable, conflict, not_found, invalid };
  StoreError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace sb
