// SPDX-License-Identifier: Apache-2.0
// The metrics registry: instruments shared by name and labels, name validation and type
// clashes, and the exact Prometheus text it renders.
#include "kernel/host/metrics_registry.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sb::kernel {
namespace {

TEST(MetricsRegistry, RendersExactPrometheusText) {
  MetricsRegistry m;
  m.counter("sb_requests_total", "Requests served.", {{"route", "/a"}, {"code", "200"}}).inc(3);
  m.gauge("sb_up", "Up.\nSecond line with a \\ in it.").set(1);
  auto& h = m.histogram("sb_latency_seconds", "Latency.", {{"path", "x\"y\\z\n"}}, {0.125, 1});
  h.observe(0.0625);
  h.observe(0.125);  // bounds are inclusive
  h.observe(4);
  EXPECT_EQ(m.render_prometheus(),
            "# HELP sb_latency_seconds Latency.\n"
            "# TYPE sb_latency_seconds histogram\n"
            "sb_latency_seconds_bucket{path=\"x\\\"y\\\\z\\n\",le=\"0.125\"} 2\n"
            "sb_latency_seconds_bucket{path=\"x\\\"y\\\\z\\n\",le=\"1\"} 2\n"
            "sb_latency_seconds_bucket{path=\"x\\\"y\\\\z\\n\",le=\"+Inf\"} 3\n"
            "sb_latency_seconds_sum{path=\"x\\\"y\\\\z\\n\"} 4.1875\n"
            "sb_latency_seconds_count{path=\"x\\\"y\\\\z\\n\"} 3\n"
            "# HELP sb_requests_total Requests served.\n"
            "# TYPE sb_requests_total counter\n"
            "sb_requests_total{code=\"200\",route=\"/a\"} 3\n"
            "# HELP sb_up Up.\\nSecond line with a \\\\ in it.\n"
            "# TYPE sb_up gauge\n"
            "sb_up 1\n");
}

TEST(MetricsRegistry, OneHelpAndTypePerFamily) {
  MetricsRegistry m;
  m.counter("sb_x_total", "X.", {{"k", "b"}}).inc();
  m.counter("sb_x_total", "X again.", {{"k", "a"}}).inc(2.5);
  EXPECT_EQ(m.render_prometheus(),
            "# HELP sb_x_total X.\n"
            "# TYPE sb_x_total counter\n"
            "sb_x_total{k=\"a\"} 2.5\n"
            "sb_x_total{k=\"b\"} 1\n");
}

TEST(MetricsRegistry, DefaultBucketsSpanFiftyMicrosecondsToTenSeconds) {
  MetricsRegistry m;
  m.histogram("sb_h_seconds", "H.").observe(0.00004);
  std::string text = m.render_prometheus();
  EXPECT_NE(text.find("sb_h_seconds_bucket{le=\"5e-05\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sb_h_seconds_bucket{le=\"10\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sb_h_seconds_bucket{le=\"+Inf\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(MetricsRegistry::default_buckets().front(), 0.00005);
  EXPECT_EQ(MetricsRegistry::default_buckets().back(), 10);
}

TEST(MetricsRegistry, SameNameAndLabelsIsTheSameInstrument) {
  MetricsRegistry m;
  auto& a = m.counter("sb_c_total", "C.", {{"a", "1"}, {"b", "2"}});
  auto& b = m.counter("sb_c_total", "", {{"b", "2"}, {"a", "1"}});
  auto& c = m.counter("sb_c_total", "", {{"a", "1"}, {"b", "3"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  EXPECT_EQ(&m.gauge("sb_g", ""), &m.gauge("sb_g", ""));
  EXPECT_EQ(&m.histogram("sb_h", ""), &m.histogram("sb_h", ""));
  a.inc();
  b.inc(2);
  EXPECT_EQ(a.value(), 3);
}

TEST(MetricsRegistry, TypeClashThrowsNamingTheMetric) {
  MetricsRegistry m;
  m.counter("sb_thing", "");
  try {
    m.gauge("sb_thing", "");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "metric \"sb_thing\": already registered as a counter, not a gauge");
  }
  EXPECT_THROW(m.histogram("sb_thing", ""), std::invalid_argument);
  m.histogram("sb_lat", "");
  EXPECT_THROW(m.counter("sb_lat_count", ""), std::invalid_argument);
  m.counter("sb_other_sum", "");
  EXPECT_THROW(m.histogram("sb_other", ""), std::invalid_argument);
}

TEST(MetricsRegistry, InvalidNamesThrow) {
  MetricsRegistry m;
  EXPECT_THROW(m.counter("", ""), std::invalid_argument);
  EXPECT_THROW(m.counter("1st", ""), std::invalid_argument);
  EXPECT_THROW(m.counter("sb-dash", ""), std::invalid_argument);
  EXPECT_THROW(m.counter("sb_ok", "", {{"bad-label", "v"}}), std::invalid_argument);
  EXPECT_THROW(m.counter("sb_ok", "", {{"__reserved", "v"}}), std::invalid_argument);
  EXPECT_THROW(m.counter("sb_ok", "", {{"a", "1"}, {"a", "2"}}), std::invalid_argument);
  EXPECT_THROW(m.histogram("sb_h", "", {{"le", "1"}}), std::invalid_argument);
  EXPECT_THROW(m.histogram("sb_h", "", {}, {1, 0.5}), std::invalid_argument);
  m.histogram("sb_h2", "", {}, {1, 2});
  EXPECT_THROW(m.histogram("sb_h2", "", {}, {1, 3}), std::invalid_argument);
  EXPECT_NO_THROW(m.counter("sb:colon_ok", "", {{"_x9", ""}}));
  try {
    m.counter("sb bad", "");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("\"sb bad\""), std::string::npos);
  }
}

TEST(MetricsRegistry, CountersOnlyGoUpGaugesGoBothWays) {
  MetricsRegistry m;
  auto& c = m.counter("sb_c_total", "");
  c.inc(-5);
  EXPECT_EQ(c.value(), 0);
  auto& g = m.gauge("sb_g", "");
  g.set(10);
  g.add(-2.5);
  EXPECT_EQ(g.value(), 7.5);
}

TEST(MetricsRegistry, ConcurrentUpdatesAreNotLost) {
  MetricsRegistry m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto& c = m.counter("sb_c_total", "");
      auto& h = m.histogram("sb_h", "", {}, {1});
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        h.observe(0.5);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(m.counter("sb_c_total", "").value(), 40000);
  EXPECT_EQ(m.histogram("sb_h", "", {}, {1}).count(), 40000u);
}

TEST(MetricsRegistry, CollectorsAppendAtScrapeTimeUntilReset) {
  MetricsRegistry m;
  int scrapes = 0;
  auto handle = m.add_collector([&](std::string& out) {
    ++scrapes;
    out += "# HELP sb_queue_depth Depth.\n# TYPE sb_queue_depth gauge\nsb_queue_depth 4\n";
  });
  EXPECT_EQ(m.render_prometheus(),
            "# HELP sb_queue_depth Depth.\n# TYPE sb_queue_depth gauge\nsb_queue_depth 4\n");
  handle.reset();
  EXPECT_EQ(m.render_prometheus(), "");
  EXPECT_EQ(scrapes, 1);
  Subscription outlives = m.add_collector([](std::string&) {});
  {
    MetricsRegistry gone;
    outlives = gone.add_collector([](std::string&) {});
  }
  outlives.reset();  // the registry is gone: harmless
}

}  // namespace
}  // namespace sb::kernel
