// SPDX-License-Identifier: Apache-2.0
// Interceptor chains: order, veto, amend, deadlines and failure modes, the deployment's rules
// (priority, events, filter), per-handler metrics and unsubscribing.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bus_test_support.hpp"

namespace sb::kernel {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view submitted = "message.submitted";

class BusInterceptors : public BusTest {
 protected:
  // An interceptor on `view` that records `name` in `order` and returns `verdict`.
  Subscription record(Bus& view, std::string name, int priority,
                      Verdict verdict = Verdict::proceed()) {
    return view.intercept<MessageSubmitted>(
        [this, name, verdict](MessageSubmitted&) {
          order.push_back(name);
          return verdict;
        },
        priority);
  }

  std::vector<std::string> order;
};

TEST_F(BusInterceptors, HighestPriorityFirstAndTiesInSubscriptionOrder) {
  auto a = bus().view("a");
  auto b = bus().view("b");
  auto s1 = record(*a, "a0", 0);
  auto s2 = record(*b, "b10", 10);
  auto s3 = record(*b, "b0", 0);
  auto s4 = record(*a, "a10", 10);
  auto s5 = record(*a, "a-5", -5);
  MessageSubmitted m;
  EXPECT_EQ(bus().view("kernel")->submit(m).kind, Verdict::Kind::proceed);
  EXPECT_EQ(order, (std::vector<std::string>{"b10", "a10", "a0", "b0", "a-5"}));
}

TEST_F(BusInterceptors, VetoStopsTheChainAndNamesTheInstance) {
  auto a = bus().view("a");
  auto policy = bus().view("group-policy");
  auto s1 = record(*a, "first", 10);
  auto s2 = record(*policy, "policy", 5, Verdict::veto("forbidden", "announcement-only group"));
  auto s3 = record(*a, "last", 0);
  MessageSubmitted m;
  Verdict v = bus().view("kernel")->submit(m);
  EXPECT_TRUE(v.vetoed());
  EXPECT_EQ(v.code, "forbidden");
  EXPECT_EQ(v.reason, "announcement-only group");
  EXPECT_EQ(v.by, "group-policy");
  EXPECT_EQ(order, (std::vector<std::string>{"first", "policy"}));
  EXPECT_EQ(metrics.counter("sb_bus_vetoes_total", "", labels(submitted, "group-policy")).value(),
            1);
  EXPECT_EQ(metrics.counter("sb_bus_vetoes_total", "", labels(submitted, "a")).value(), 0);
}

TEST_F(BusInterceptors, AmendmentIsSeenByLaterHandlersAndReported) {
  auto a = bus().view("spam-filter");
  auto s1 = a->intercept<MessageSubmitted>(
      [](MessageSubmitted& m) {
        m.body = json::object{{"text", "***"}};
        return Verdict::amended();
      },
      10);
  json::value seen;
  auto s2 = a->intercept<MessageSubmitted>([&](MessageSubmitted& m) {
    seen = m.body;
    return Verdict::proceed();
  });
  MessageSubmitted m;
  m.enc = "none";
  m.body = json::object{{"text", "buy now"}};
  EXPECT_EQ(bus().view("kernel")->submit(m).kind, Verdict::Kind::amend);
  EXPECT_EQ(seen, (json::object{{"text", "***"}}));
  EXPECT_EQ(m.body, (json::object{{"text", "***"}}));
}

TEST_F(BusInterceptors, NoHandlersMeansProceed) {
  MessageSubmitted m;
  EXPECT_EQ(bus().view("kernel")->submit(m).kind, Verdict::Kind::proceed);
}

TEST_F(BusInterceptors, OverrunFailOpenIsIgnoredAndCounted) {
  settings.default_deadline = 5ms;
  auto slow = bus().view("slow");
  auto s1 = slow->intercept<MessageSubmitted>(
      [](MessageSubmitted&) {
        std::this_thread::sleep_for(30ms);
        return Verdict::veto("forbidden", "too late to count");
      },
      10);
  auto s2 = record(*bus().view("b"), "b", 0);
  MessageSubmitted m;
  Verdict v = bus().view("kernel")->submit(m);
  EXPECT_EQ(v.kind, Verdict::Kind::proceed);
  EXPECT_EQ(order, (std::vector<std::string>{"b"}));
  EXPECT_EQ(errors(submitted, "slow", "interceptor"), 1);
  EXPECT_EQ(errors(submitted, "b", "interceptor"), 0);
  EXPECT_TRUE(log.contains("fail open")) << log.all();
  EXPECT_TRUE(log.contains("overran its deadline")) << log.all();
}

TEST_F(BusInterceptors, OverrunFailClosedVetoesUnavailable) {
  settings.handlers["slow"].deadline = 5ms;
  settings.handlers["slow"].failure_mode = FailureMode::closed;
  auto slow = bus().view("slow");
  auto s1 = slow->intercept<MessageSubmitted>(
      [](MessageSubmitted&) {
        std::this_thread::sleep_for(30ms);
        return Verdict::proceed();
      },
      10);
  auto s2 = record(*bus().view("b"), "b", 0);
  MessageSubmitted m;
  Verdict v = bus().view("kernel")->submit(m);
  EXPECT_TRUE(v.vetoed());
  EXPECT_EQ(v.code, "unavailable");
  EXPECT_EQ(v.by, "slow");
  EXPECT_NE(v.reason.find("\"slow\" overran its deadline"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find(" ms > 5 ms)"), std::string::npos) << v.reason;
  EXPECT_TRUE(order.empty());
  EXPECT_EQ(errors(submitted, "slow", "interceptor"), 1);
  EXPECT_EQ(metrics.counter("sb_bus_vetoes_total", "", labels(submitted, "slow")).value(), 1);
}

TEST_F(BusInterceptors, ThrowingHandlerFailOpenIsIgnored) {
  auto a = bus().view("a");
  auto s1 = a->intercept<MessageSubmitted>(
      [](MessageSubmitted&) -> Verdict { throw std::runtime_error("boom"); }, 10);
  auto s2 = record(*a, "after", 0);
  MessageSubmitted m;
  EXPECT_EQ(bus().view("kernel")->submit(m).kind, Verdict::Kind::proceed);
  EXPECT_EQ(order, (std::vector<std::string>{"after"}));
  EXPECT_EQ(errors(submitted, "a", "interceptor"), 1);
  EXPECT_TRUE(log.contains("threw on message.submitted: boom")) << log.all();
}

TEST_F(BusInterceptors, ThrowingHandlerFailClosedVetoesWithTheMessage) {
  settings.default_failure_mode = FailureMode::closed;
  auto a = bus().view("a");
  auto s1 = a->intercept<MessageSubmitted>(
      [](MessageSubmitted&) -> Verdict { throw std::runtime_error("boom"); }, 10);
  auto s2 = record(*a, "after", 0);
  MessageSubmitted m;
  Verdict v = bus().view("kernel")->submit(m);
  EXPECT_TRUE(v.vetoed());
  EXPECT_EQ(v.code, "unavailable");
  EXPECT_EQ(v.by, "a");
  EXPECT_EQ(v.reason, "interceptor \"a\" threw on message.submitted: boom");
  EXPECT_TRUE(order.empty());
}

TEST_F(BusInterceptors, RulePriorityOverridesThePluginsOwn) {
  settings.handlers["rate-limit"].priority = 100;
  auto s1 = record(*bus().view("policy"), "policy", 50);
  auto s2 = record(*bus().view("rate-limit"), "rate-limit", 0);
  MessageSubmitted m;
  bus().view("kernel")->submit(m);
  EXPECT_EQ(order, (std::vector<std::string>{"rate-limit", "policy"}));
}

TEST_F(BusInterceptors, EventsRuleExcludesOtherEvents) {
  settings.handlers["audit"].events = std::vector<std::string>{"message.accepted"};
  auto audit = bus().view("audit");
  auto s1 = record(*audit, "audit", 0, Verdict::veto("forbidden", "never"));
  auto s2 = record(*bus().view("other"), "other", 0);
  MessageSubmitted m;
  EXPECT_EQ(bus().view("kernel")->submit(m).kind, Verdict::Kind::proceed);
  EXPECT_EQ(order, (std::vector<std::string>{"other"}));
}

TEST_F(BusInterceptors, FilterCallsOnlyOnEqualFields) {
  settings.handlers["bots"].filter = json::object{{"enc", "none"}, {"size", 3}};
  auto s1 = record(*bus().view("bots"), "bots", 0);
  auto kernel = bus().view("kernel");
  MessageSubmitted m;
  m.enc = "none";
  m.size = 3;
  kernel->submit(m);
  EXPECT_EQ(order.size(), 1u);
  m.enc = "e2ee";
  kernel->submit(m);
  m.enc = "none";
  m.size = 4;
  kernel->submit(m);
  EXPECT_EQ(order.size(), 1u);
}

TEST_F(BusInterceptors, FilterSeesEarlierAmendments) {
  settings.handlers["bots"].filter = json::object{{"enc", "none"}};
  auto s1 = bus()
                .view("rewriter")
                ->intercept<MessageSubmitted>(
                    [](MessageSubmitted& m) {
                      m.enc = "none";
                      return Verdict::amended();
                    },
                    10);
  auto s2 = record(*bus().view("bots"), "bots", 0);
  MessageSubmitted m;
  m.enc = "e2ee";
  EXPECT_EQ(bus().view("kernel")->submit(m).kind, Verdict::Kind::amend);
  EXPECT_EQ(order, (std::vector<std::string>{"bots"}));
}

TEST_F(BusInterceptors, EveryCallIsTimedPerHandler) {
  auto s1 = record(*bus().view("a"), "a", 0);
  auto kernel = bus().view("kernel");
  MessageSubmitted m;
  for (int i = 0; i < 3; ++i) kernel->submit(m);
  EXPECT_EQ(calls(submitted, "a", "interceptor"), 3u);
  EXPECT_EQ(errors(submitted, "a", "interceptor"), 0);
  std::string text = metrics.render_prometheus();
  EXPECT_NE(text.find("sb_bus_handler_seconds_count{event=\"message.submitted\",instance=\"a\","
                      "kind=\"interceptor\"} 3\n"),
            std::string::npos)
      << text;
}

TEST_F(BusInterceptors, ResetSubscriptionIsNeverCalledAgain) {
  auto s1 = record(*bus().view("a"), "a", 0);
  auto kernel = bus().view("kernel");
  MessageSubmitted m;
  kernel->submit(m);
  s1.reset();
  s1.reset();
  kernel->submit(m);
  EXPECT_EQ(order.size(), 1u);
}

TEST_F(BusInterceptors, SubscriptionMayOutliveTheBus) {
  Subscription outlives_view;
  Subscription outlives_all;
  {
    auto view = bus().view("a");
    outlives_view = record(*view, "a", 0);
  }
  auto view = bus().view("b");
  outlives_all = record(*view, "b", 0);
  view.reset();
  destroy_bus();
  outlives_view.reset();
  outlives_all.reset();
  EXPECT_FALSE(outlives_all);
}

TEST_F(BusInterceptors, RemoveInstanceRemovesEveryHandlerOfIt) {
  auto plugin = bus().view("plugin");
  auto s1 = record(*plugin, "plugin-1", 10);
  auto s2 = record(*plugin, "plugin-2", 5);
  auto s3 = record(*bus().view("other"), "other", 0);
  EXPECT_TRUE(bus().remove_instance("plugin"));
  MessageSubmitted m;
  bus().view("kernel")->submit(m);
  EXPECT_EQ(order, (std::vector<std::string>{"other"}));
  s1.reset();  // after remove_instance: harmless
  EXPECT_TRUE(bus().remove_instance("never-loaded"));
}

TEST_F(BusInterceptors, RemoveInstanceFromItsOwnCallbackDoesNotDeadlock) {
  auto plugin = bus().view("plugin");
  bool removed = true;
  auto s1 = plugin->intercept<MessageSubmitted>([&](MessageSubmitted&) {
    removed = bus().remove_instance("plugin", 100ms);
    return Verdict::proceed();
  });
  MessageSubmitted m;
  bus().view("kernel")->submit(m);
  EXPECT_FALSE(removed);  // its own call was still on the stack
  EXPECT_TRUE(bus().wiring().empty());
}

TEST_F(BusInterceptors, WiringShowsTheEffectiveChain) {
  settings.default_deadline = 100ms;
  settings.handlers["policy"].priority = 50;
  settings.handlers["policy"].deadline = 20ms;
  settings.handlers["policy"].failure_mode = FailureMode::closed;
  settings.handlers["audit"].events = std::vector<std::string>{"message.read"};
  settings.handlers["bots"].filter = json::object{{"enc", "none"}};
  auto s1 = record(*bus().view("audit"), "audit", 90);
  auto s2 = record(*bus().view("bots"), "bots", 10);
  auto s3 = record(*bus().view("policy"), "policy", 0);
  auto s4 = bus().view("push")->observe<MessageAccepted>([](const MessageAccepted&) {});

  json::array w = bus().wiring();
  ASSERT_EQ(w.size(), 2u) << json::serialize(w);
  EXPECT_EQ(w[0].at("event"), "message.accepted");
  EXPECT_EQ(w[0].at("interceptors").as_array().size(), 0u);
  auto& obs = w[0].at("observers").as_array();
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs[0].at("instance"), "push");
  EXPECT_EQ(obs[0].at("excluded"), false);
  EXPECT_TRUE(obs[0].at("worker").is_number());

  EXPECT_EQ(w[1].at("event"), "message.submitted");
  json::array expected = {
      json::object{{"instance", "audit"},
                   {"priority", 90},
                   {"deadline_ms", 100},
                   {"failure_mode", "open"},
                   {"filter", json::object{}},
                   {"excluded", true}},
      json::object{{"instance", "policy"},
                   {"priority", 50},
                   {"deadline_ms", 20},
                   {"failure_mode", "closed"},
                   {"filter", json::object{}},
                   {"excluded", false}},
      json::object{{"instance", "bots"},
                   {"priority", 10},
                   {"deadline_ms", 100},
                   {"failure_mode", "open"},
                   {"filter", json::object{{"enc", "none"}}},
                   {"excluded", false}},
  };
  EXPECT_EQ(w[1].at("interceptors"), expected) << json::serialize(w[1]);

  s1.reset();
  s2.reset();
  s3.reset();
  EXPECT_EQ(bus().wiring().size(), 1u);
}

TEST_F(BusInterceptors, ConcurrentSubscribeWhileSubmitting) {
  auto kernel = bus().view("kernel");
  auto plugin = bus().view("plugin");
  std::atomic<int> calls{0};
  std::atomic<bool> stop{false};
  std::thread churn([&] {
    while (!stop) {
      auto s = plugin->intercept<MessageSubmitted>([&](MessageSubmitted&) {
        ++calls;
        return Verdict::proceed();
      });
    }
  });
  MessageSubmitted m;
  for (int i = 0; i < 2000; ++i) EXPECT_FALSE(kernel->submit(m).vetoed());
  stop = true;
  churn.join();
  EXPECT_TRUE(bus().wiring().empty());
}

}  // namespace
}  // namespace sb::kernel
