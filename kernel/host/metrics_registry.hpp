// SPDX-License-Identifier: Apache-2.0
// The kernel's metrics registry: counters, gauges and histograms keyed by name and labels,
// rendered for GET /metrics in the Prometheus text exposition format 0.0.4.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/metrics.hpp>
#include <switchboard/services/kernel_admin.hpp>
#include <switchboard/subscription.hpp>

namespace sb::kernel {

// Creating an instrument takes a mutex; updating one is a few relaxed atomics. Instruments
// live as long as the registry, so callers keep references and never look them up again.
// Labels are matched regardless of their order and rendered sorted by label name.
class MetricsRegistry final : public sb::Metrics {
 public:
  // Appends complete families (# HELP, # TYPE, samples) computed at scrape time.
  using Collector = std::function<void(std::string& out)>;

  MetricsRegistry();
  ~MetricsRegistry() override;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Throw std::invalid_argument naming the metric when the name or a label name is not
  // valid Prometheus, when the name is already used by another type, or (histograms) when
  // the buckets are not ascending or differ from those the series was created with.
  // The help text of a family is the one given first.
  Counter& counter(std::string_view name, std::string_view help,
                   const Labels& labels = {}) override;
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {}) override;
  Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels = {},
                       const std::vector<double>& buckets = {}) override;

  // The collector runs on the scraping thread, under a lock that add_collector also takes,
  // so it must not add collectors itself. Resetting the handle removes it; after reset()
  // returns it is not called again.
  [[nodiscard]] Subscription add_collector(Collector collector);

  std::string render_prometheus() const;
  // Every series as it is now (collectors' output is not included), for the admin API.
  std::vector<MetricSample> snapshot() const;

  // 50 µs .. 10 s, in seconds.
  static const std::vector<double>& default_buckets();
  static bool valid_metric_name(std::string_view name);
  static bool valid_label_name(std::string_view name);

 private:
  struct Series;
  struct Family;
  struct Collectors;
  enum class Type { counter, gauge, histogram };

  Family& family(std::string_view name, std::string_view help, Type type);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
  std::shared_ptr<Collectors> collectors_;
};

}  // namespace sb::kernel
