// SPDX-License-Identifier: Apache-2.0
// Conformance: the whole data set survives a clean restart, and writing goes on from where it
// stopped (the same data set migrate-store is checked with).
#include "data_set.hpp"

namespace sb::conformance {
namespace {

TEST_P(DataSetConformance, EverythingSurvivesARestart) {
  auto written = data_set::fill(s);
  restart();
  data_set::verify(s, written);
}

}  // namespace
}  // namespace sb::conformance
