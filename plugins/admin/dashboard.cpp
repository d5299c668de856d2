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

// What happened since the previous sample: counts that went down (a restarted plugin)
// count from zero.
std::vector<std::uint64_t> since(const std::vector<std::uint64_t>& now,
                                 const std::vector<std::uint64_t>& before) {
  if (before.size() != now.size()) return now;
  std::vector<std::uint64_t> out(now.size());
  for (std::size_t i = 0; i < now.size(); ++i)
    out[i] = now[i] >= before[i] ? now[i] - before[i] : now[i];
  return out;
}

}  // namespace

void Dashboard::sample(const std::vector<MetricSample>& ms, std::int64_t now_ms) {
  std::map<std::string, double> points;  // this sample's value of every history series
  json::object connections;
  double total_connections = 0;
  for (auto& m : ms) {
    if (m.name == "sb_sessions") {
      connections[label(m, "transport")] = num(m.value);
      points["connections." + label(m, "transport")] = m.value;
      total_connections += m.value;
    }
  }
  double online = sum_of(ms, "sb_online_users");
  double accepted = sum_of(ms, "sb_bus_published_total", "message.accepted");
  double delivered = sum_of(ms, "sb_bus_published_total", "message.delivered");
  double store_queue = sum_of(ms, "sb_store_sqlite_queue") + sum_of(ms, "sb_store_postgres_queue");
  double push_sent = sum_of(ms, "sb_push_sent_total"),
         push_failed = sum_of(ms, "sb_push_failed_total");

  std::vector<double> bounds;
  Counts latency;
  for (auto& m : ms)
    if (m.name == "sb_delivery_latency_seconds") {
      bounds = m.bounds;
      latency = m.buckets;
    }

  std::map<std::string, double> errors;  // "<instance>/<event>"
  for (auto& m : ms)
    if (m.name == "sb_bus_handler_errors_total")
      errors[label(m, "instance") + "/" + label(m, "event")] += m.value;

  std::lock_guard lock(mutex_);
  json::array handlers;
  std::map<std::string, Counts> handler_buckets;
  for (auto& m : ms) {
    if (m.name != "sb_bus_handler_seconds" || m.count == 0) continue;
    auto key = label(m, "instance") + "/" + label(m, "event");
    handlers.push_back(json::object{
        {"instance", label(m, "instance")},
        {"event", label(m, "event")},
        {"kind", label(m, "kind")},
        {"calls", m.count},
        {"latency_ms", json::object{{"mean", num(m.value / static_cast<double>(m.count) * 1000)},
                                    {"p95", num(quantile(m.bounds, m.buckets, 0.95) * 1000)}}},
        {"errors", num(errors[key])}});
    // The history is of the last interval: a slow minute shows, not buried under the hour.
    auto& before = previous_handler_buckets_[key];
    points["handlers." + key + ".p95_ms"] =
        quantile(m.bounds, have_previous_ ? since(m.buckets, before) : m.buckets, 0.95) * 1000;
    double before_errors =
        previous_handler_errors_.contains(key) ? previous_handler_errors_[key] : 0;
    points["handlers." + key + ".errors"] = std::max(0.0, errors[key] - before_errors);
    handler_buckets[key] = m.buckets;
  }

  double dt = have_previous_ ? static_cast<double>(now_ms - previous_ms_) / 1000.0 : 0;
  double mps = dt > 0 ? std::max(0.0, accepted - previous_accepted_) / dt : 0;
  double dps = dt > 0 ? std::max(0.0, delivered - previous_delivered_) / dt : 0;
  // Latency of the deliveries since the last sample; none: 0.
  auto recent = have_previous_ ? since(latency, previous_latency_) : latency;
  json::object lat;
  for (auto [name, q] : {std::pair{"p50", 0.50}, {"p95", 0.95}, {"p99", 0.99}}) {
    double v = quantile(bounds, recent, q) * 1000;
    lat[name] = num(v);
    points[std::string("latency_ms.") + name] = v;
  }

  figures_ =
      json::object{{"connections", connections},
                   {"online_users", num(online)},
                   {"messages_per_s", num(mps)},
                   {"deliveries_per_s", num(dps)},
                   {"latency_ms", lat},
                   {"handlers", handlers},
                   {"store_queue", num(store_queue)},
                   {"push", json::object{{"sent", num(push_sent)}, {"failed", num(push_failed)}}}};
  points["connections"] = total_connections;
  points["online_users"] = online;
  points["messages_per_s"] = mps;
  points["deliveries_per_s"] = dps;
  points["store_queue"] = store_queue;
  points["push.sent"] = push_sent;
  points["push.failed"] = push_failed;
  record(points, now_ms);

  have_previous_ = true;
  previous_ms_ = now_ms;
  previous_accepted_ = accepted;
  previous_delivered_ = delivered;
  previous_latency_ = std::move(latency);
  previous_handler_buckets_ = std::move(handler_buckets);
  previous_handler_errors_ = std::move(errors);
}

void Dashboard::record(const std::map<std::string, double>& points, std::int64_t now_ms) {
  for (auto& [name, v] : points) history_[name].emplace_back(now_ms, round3(v));
  // By age, not by count: a series that stops (an unloaded transport) ages out too.
  for (auto it = history_.begin(); it != history_.end();) {
    auto& h = it->second;
    while (!h.empty() && h.front().first <= now_ms - window_ms_) h.pop_front();
    it = h.empty() ? history_.erase(it) : std::next(it);
  }
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
