// SPDX-License-Identifier: Apache-2.0
// What every part of the plugin shares about the schema: the migrations that create it and
// the shape of a message id.
#pragma once

#include <cstdint>
#include <string>

#include "connection.hpp"

namespace sb::store_postgres {

// Runs the versioned migrations this build knows and the database has not seen yet, holding
// an advisory lock so that two nodes starting at once migrate one after the other.
void migrate(Connection& conn);

// A message's id is derived from where it sits: "<chat>/<seq>", as store-sqlite does.
inline std::string message_id(const std::string& chat, std::int64_t seq) {
  return chat + "/" + std::to_string(seq);
}

}  // namespace sb::store_postgres
