// SPDX-License-Identifier: Apache-2.0
// Runs the conformance suite against store-sqlite.
#include "sqlite_factory.hpp"

namespace sb::conformance {
namespace {

Backend sqlite_backend() {
  return {"sqlite", [] { return std::make_unique<SqliteFactory>(); }};
}

}  // namespace

SB_INSTANTIATE_STORE_CONFORMANCE(sqlite);

}  // namespace sb::conformance
