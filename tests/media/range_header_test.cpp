// SPDX-License-Identifier: Apache-2.0
// The Range header parser: what is served, what is refused and why.
#include "range_header.hpp"

#include <gtest/gtest.h>

namespace media_layer {
namespace {

using Kind = RangeAnswer::Kind;

TEST(RangeHeader, OneRangeIsServedAsAPart) {
  auto r = parse_range("bytes=10-19", 100);
  EXPECT_EQ(r.kind, Kind::part);
  EXPECT_EQ(r.offset, 10u);
  EXPECT_EQ(r.length, 10u);
}

TEST(RangeHeader, OpenEndedAndSuffixRanges) {
  auto open = parse_range("bytes=90-", 100);
  EXPECT_EQ(open.kind, Kind::part);
  EXPECT_EQ(open.offset, 90u);
  EXPECT_EQ(open.length, 10u);
  auto suffix = parse_range("bytes=-5", 100);
  EXPECT_EQ(suffix.offset, 95u);
  EXPECT_EQ(suffix.length, 5u);
  auto longer = parse_range("bytes=-500", 100);
  EXPECT_EQ(longer.offset, 0u);
  EXPECT_EQ(longer.length, 100u);
  auto past_end = parse_range("bytes=50-5000", 100);
  EXPECT_EQ(past_end.length, 50u);
}

TEST(RangeHeader, RangesOutsideTheBodyAreUnsatisfiable) {
  EXPECT_EQ(parse_range("bytes=100-", 100).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 100).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-", 0).kind, Kind::unsatisfiable);
}

TEST(RangeHeader, BrokenRangesAreRefusedNamingTheHeader) {
  for (auto bad : {"bytes=abc", "bytes=-5-10", "bytes=20-10", "bytes=--1", "bytes=+1-2",
                   "bytes=99999999999999999999-", "bytes", "bytes=1 0-20"}) {
    auto r = parse_range(bad, 100);
    EXPECT_EQ(r.kind, Kind::malformed) << bad;
    EXPECT_NE(r.error.find("Range"), std::string::npos) << bad;
  }
}

TEST(RangeHeader, OtherUnitsAndSeveralRangesAreServedWhole) {
  EXPECT_EQ(parse_range("items=1-2", 100).kind, Kind::whole);
  EXPECT_EQ(parse_range("bytes=0-1,5-6", 100).kind, Kind::whole);
  EXPECT_EQ(parse_range("BYTES=0-1", 100).kind, Kind::part);
}

}  // namespace
}  // namespace media_layer
