// SPDX-License-Identifier: Apache-2.0
// [limits]: defaults, values from the file and SB_LIMITS__*, bad values refused naming the
// key; OpLimits counts per device and per address and answers rate_limited with retry_after.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_test_support.hpp"
#include "kernel/core/op_limits.hpp"
#include "kernel/core/protocol.hpp"
#include "kernel/host/config.hpp"

namespace sb::kernel {
namespace {

using test::failure;
using test::load;
using ::testing::HasSubstr;

TEST(ConfigLimits, DefaultsAndTheFile) {
  auto d = load("").messaging.limits;
  EXPECT_EQ(d.sends_per_device.count, 1200);
  EXPECT_EQ(d.sends_per_device.window, std::chrono::seconds(60));
  EXPECT_EQ(d.lookups_per_device.window, std::chrono::seconds(3600));
  EXPECT_EQ(d.lookup_max_phones, 100u);
  EXPECT_EQ(d.contact_changes_per_device.count, 60);
  EXPECT_EQ(d.blocks_per_address.count, 150);
  EXPECT_EQ(d.presence_subscriptions_per_device.window, std::chrono::seconds(60));
  EXPECT_EQ(d.push_subscriptions_per_device.window, std::chrono::seconds(3600));
  EXPECT_EQ(d.status_posts_per_device.count, 60);
  EXPECT_EQ(d.profile_changes_per_address.window, std::chrono::seconds(3600));
  auto l = load(
               "[limits]\nsends_per_device_per_minute = 7\nlookup_max_phones = 3\n"
               "reads_per_address_per_minute = 0\n")
               .messaging.limits;
  EXPECT_EQ(l.sends_per_device.count, 7);
  EXPECT_EQ(l.lookup_max_phones, 3u);
  EXPECT_EQ(l.reads_per_address.count, 0);
}

TEST(ConfigLimits, BadValuesNameTheKey) {
  EXPECT_THAT(failure("[limits]\nsends_per_device_per_minute = -1\n"),
              HasSubstr("sends_per_device_per_minute"));
  EXPECT_THAT(failure("[limits]\nsend_per_device_per_minute = 5\n"),
              HasSubstr("send_per_device_per_minute"));
  EXPECT_THAT(failure("[limits]\nlookup_max_phones = 5000\n"), HasSubstr("lookup_max_phones"));
  EXPECT_THAT(failure("[messaging]\ngroup_add_privacy = \"friends\"\n"),
              HasSubstr("group_add_privacy"));
}

TEST(OpLimits, EachClassCountsPerDeviceAndPerAddress) {
  LimitsSettings s;
  s.sends_per_device = {2, std::chrono::seconds(60)};
  s.sends_per_address = {3, std::chrono::seconds(60)};
  core::OpLimits limits(s);
  limits.admit("send", "u1", "d1", "10.0.0.1");
  limits.admit("send", "u1", "d1", "10.0.0.1");
  try {
    limits.admit("send", "u1", "d1", "10.0.0.1");
    FAIL() << "a third send passed";
  } catch (const core::ProtocolError& e) {
    EXPECT_EQ(e.code(), "rate_limited");
    EXPECT_THAT(e.what(), HasSubstr("limits.sends_per_device_per_minute"));
    EXPECT_GE(e.details().at("retry_after").as_int64(), 1);
  }
  // Another device from the same address: one more fits the address's 3.
  limits.admit("send", "u2", "d2", "10.0.0.1");
  EXPECT_THROW(limits.admit("send", "u3", "d3", "10.0.0.1"), core::ProtocolError);
  // Elsewhere, or without an address, only the device's own budget counts.
  limits.admit("send", "u3", "d3", "10.0.0.2");
  limits.admit("send", "u4", "d4", "");
  // Ops outside every class pass.
  for (int i = 0; i < 10; ++i) limits.admit("contacts.list", "u1", "d1", "10.0.0.1");
}

TEST(OpLimits, OpsOfOneClassShareItsBudget) {
  LimitsSettings s;
  s.push_subscriptions_per_device = {2, std::chrono::seconds(3600)};
  s.blocks_per_device = {1, std::chrono::seconds(60)};
  core::OpLimits limits(s);
  limits.admit("push.subscribe", "u1", "d1", "10.0.0.1");
  limits.admit("push.remove", "u1", "d1", "10.0.0.1");
  try {
    limits.admit("push.subscribe", "u1", "d1", "10.0.0.1");
    FAIL() << "a third push subscription change passed";
  } catch (const core::ProtocolError& e) {
    EXPECT_THAT(e.what(), HasSubstr("limits.push_subscriptions_per_device_per_hour"));
    EXPECT_GT(e.details().at("retry_after").as_int64(), 60);  // an hour's window
  }
  limits.admit("unblock", "u1", "d1", "10.0.0.1");
  EXPECT_THROW(limits.admit("block", "u1", "d1", "10.0.0.1"), core::ProtocolError);
  // push.list reads; it is in no class.
  for (int i = 0; i < 10; ++i) limits.admit("push.list", "u1", "d1", "10.0.0.1");
}

}  // namespace
}  // namespace sb::kernel
