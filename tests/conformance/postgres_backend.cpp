// SPDX-License-Identifier: Apache-2.0
// Runs the conformance suite against store-postgres, on a fresh database per test of the
// server named by SB_TEST_PG_DSN (scripts/pg provides one).
#include "postgres_factory.hpp"

namespace sb::conformance {
namespace {

Backend postgres_backend() {
  return {"postgres", [] { return std::make_unique<PostgresFactory>(); }};
}

}  // namespace

SB_INSTANTIATE_STORE_CONFORMANCE(postgres);

}  // namespace sb::conformance
