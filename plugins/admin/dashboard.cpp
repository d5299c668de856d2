// SPDX-License-Identifier: Apache-2.0
// See dashboard.hpp. Which series feed which figure is written down in docs/admin.md.
#include "dashboard.hpp"

#include <algorithm>
#include <cmath>

namespace sb::admin {
namespace {

std::string label(const MetricSample& m, std::string_view name) {
  for (auto& [k, v] : m.labels)
    if (k == name) return v;
  return {};
}

double sum_of(const std::vector<MetricSample>& ms, std::string_view name,
              std::string_view event = {}) {
  double total = 0;
  for (auto& m : ms)
    if (m.name == name && (event.empty() || label(m, "event") == event)) total += m.value;
  return total;
}

// The q-quantile (0..1) of a histogram's bucket counts, in the buckets' unit, by linear
// interpolation within the bucket (as Prometheus's histogram_quantile does).
double quantile(const std::vector<double>& bounds, const std::vector<std::uint64_t>& counts,
                double q) {
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  if (total == 0 || bounds.empty()) return 0;
  double rank = q * static_cast<double>(total);
  double seen = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    double next = seen + static_cast<double>(counts[i]);
    if (next >= rank && counts[i] > 0) {
      if (i >= bounds.size()) return bounds.back();  // +Inf bucket: the last finite bound
      double lo = i == 0 ? 0 : bounds[i - 1];
      return lo + (bounds[i] - lo) * ((rank - seen) / static_cast<double>(counts[i]));
    }
    seen = next;
  }
  return bounds.back();
}

double round3(double v) {
  return std::round(v * 1000.0) / 1000.0;
}

// Whole numbers as JSON integers ("3", not "3E0"), the rest rounded to 3 decimals.
json::value num(double v) {
  v = round3(v);
  if (std::abs(v) < 9e15 && v == std::floor(v)) return static_cast<std::int64_t>(v);
  return v;
}

}  // namespace

void Dashboard::sample(const std::vector<MetricSample>& ms, std::int64_t now_ms) {
  json::object connections;
  double total_connections = 0;
  for (auto& m : ms) {
    if (m.name == "sb_sessions") {
      connections[label(m, "transport")] = num(m.value);
      total_connections += m.value;
    }
  }
  double online = sum_of(ms, "sb_online_users");
  double accepted = sum_of(ms, "sb_bus_published_total", "message.accepted");
  double delivered = sum_of(ms, "sb_bus_published_total", "message.delivered");
  double store_queue = sum_of(ms, "sb_store_sqlite_queue") + sum_of(ms, "sb_store_postgres_queue");
  json::object push{{"sent", num(sum_of(ms, "sb_push_sent_total"))},
                    {"failed", num(sum_of(ms, "sb_push_failed_total"))}};

  std::vector<double> bounds;
  std::vector<std::uint64_t> latency;
  for (auto& m : ms)
    if (m.name == "sb_delivery_latency_seconds") {
      bounds = m.bounds;
      latency = m.buckets;
    }

  json::array handlers;
  std::map<std::pair<std::string, std::string>, double> errors;
  for (auto& m : ms)
    if (m.name == "sb_bus_handler_errors_total")
      errors[{label(m, "instance"), label(m, "event")}] += m.value;
  for (auto& m : ms) {
    if (m.name != "sb_bus_handler_seconds" || m.count == 0) continue;
    handlers.push_back(json::object{
        {"instance", label(m, "instance")},
        {"event", label(m, "event")},
        {"kind", label(m, "kind")},
        {"calls", m.count},
        {"latency_ms", json::object{{"mean", num(m.value / static_cast<double>(m.count) * 1000)},
                                    {"p95", num(quantile(m.bounds, m.buckets, 0.95) * 1000)}}},
        {"errors", num(errors[{label(m, "instance"), label(m, "event")}])}});
  }

  std::lock_guard lock(mutex_);
  double dt = have_previous_ ? static_cast<double>(now_ms - previous_ms_) / 1000.0 : 0;
  double mps = dt > 0 ? std::max(0.0, accepted - previous_accepted_) / dt : 0;
  double dps = dt > 0 ? std::max(0.0, delivered - previous_delivered_) / dt : 0;
  // Latency of the deliveries since the last sample; none: 0.
  std::vector<std::uint64_t> recent = latency;
  if (have_previous_ && previous_latency_.size() == latency.size())
    for (std::size_t i = 0; i < recent.size(); ++i)
      recent[i] = latency[i] >= previous_latency_[i] ? latency[i] - previous_latency_[i] : 0;
  double p95 = round3(quantile(bounds, recent, 0.95) * 1000);
  json::object lat{{"p50", num(quantile(bounds, recent, 0.50) * 1000)},
                   {"p95", num(p95)},
                   {"p99", num(quantile(bounds, recent, 0.99) * 1000)}};

  figures_ = json::object{{"connections", connections},
                          {"online_users", num(online)},
                          {"messages_per_s", num(mps)},
                          {"deliveries_per_s", num(dps)},
                          {"latency_ms", lat},
                          {"handlers", handlers},
                          {"store_queue", num(store_queue)},
                          {"push", push}};
  auto record = [&](const std::string& name, double v) {
    auto& h = history_[name];
    h.emplace_back(now_ms, v);
    while (h.size() > keep_) h.pop_front();
  };
  record("connections", total_connections);
  record("online_users", online);
  record("messages_per_s", round3(mps));
  record("deliveries_per_s", round3(dps));
  record("latency_p95_ms", p95);
  record("store_queue", store_queue);
  have_previous_ = true;
  previous_ms_ = now_ms;
  previous_accepted_ = accepted;
  previous_delivered_ = delivered;
  previous_latency_ = latency;
}

json::object Dashboard::render(std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  json::object history;
  for (auto& [name, points] : history_) {
    json::array a;
    for (auto& [t, v] : points) a.push_back(json::array{json::value(t), num(v)});
    history[name] = std::move(a);
  }
  return {{"now", now_ms}, {"figures", figures_}, {"history", std::move(history)}};
}

}  // namespace sb::admin
