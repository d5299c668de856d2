// SPDX-License-Identifier: Apache-2.0
// A plugin's bus is held to its manifest: undeclared events are refused by name, and an
// interceptor runs at the priority the manifest declares.
#include "kernel/host/declared_bus.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include <switchboard/events/message.hpp>

#include "kernel/host/event_bus.hpp"
#include "kernel/host/log.hpp"
#include "kernel/host/metrics_registry.hpp"

namespace sb::kernel {
namespace {

using ::testing::HasSubstr;

struct DeclaredBusTest : ::testing::Test {
  LogSink sink{{"error", LogFormat::text}, std::tmpfile()};
  SourceLogger log{sink, "bus"};
  MetricsRegistry metrics;
  EventBus bus{BusSettings{}, log, metrics};
  Manifest manifest{.name = "p",
                    .consumes = {"message.accepted"},
                    .intercepts = {{"message.submitted", 70}},
                    .publishes = {"message.read"}};
  std::unique_ptr<Bus> declared = declared_bus(bus.view("p1"), "p1", manifest);
};

TEST_F(DeclaredBusTest, RefusesEventsTheManifestDoesNotList) {
  try {
    (void)declared->observe<MessageRead>([](const MessageRead&) {});
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(),
                 "plugin instance \"p1\" (p) uses event \"message.read\" but its "
                 "manifest does not list it in consumes");
  }
  EXPECT_THROW((void)declared->intercept<MessageAccepted>(
                   [](MessageAccepted&) { return Verdict::proceed(); }),
               std::logic_error);
  EXPECT_THROW(declared->publish(MessageAccepted{}), std::logic_error);
  EXPECT_NO_THROW(declared->publish(MessageRead{}));
  EXPECT_NO_THROW((void)declared->observe<MessageAccepted>([](const MessageAccepted&) {}));
}

TEST_F(DeclaredBusTest, InterceptorsRunAtTheDeclaredPriority) {
  std::vector<std::string> order;
  auto kernel = bus.view("kernel");
  auto low = kernel->intercept<MessageSubmitted>(
      [&](MessageSubmitted&) {
        order.push_back("kernel-60");
        return Verdict::proceed();
      },
      60);
  // The plugin passes no priority; its manifest says 70, so it runs first.
  auto mine = declared->intercept<MessageSubmitted>([&](MessageSubmitted&) {
    order.push_back("p1");
    return Verdict::proceed();
  });
  MessageSubmitted m;
  kernel->submit(m);
  EXPECT_THAT(order, ::testing::ElementsAre("p1", "kernel-60"));
  EXPECT_THAT(json::serialize(bus.wiring()), HasSubstr(R"("instance":"p1","priority":70)"));
}

}  // namespace
}  // namespace sb::kernel
