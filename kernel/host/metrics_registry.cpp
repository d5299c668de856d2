// SPDX-License-Identifier: Apache-2.0
// Instruments as atomics, families in a map sorted by name so that /metrics is stable from
// one scrape to the next (and testable as exact text).
#include "kernel/host/metrics_registry.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace sb::kernel {
namespace {

class CounterImpl final : public Counter {
 public:
  // Counters only go up; a negative or NaN increment would corrupt every rate() over it.
  void inc(double by) override {
    if (by > 0) value_.fetch_add(by, std::memory_order_relaxed);
  }
  double value() const override { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class GaugeImpl final : public Gauge {
 public:
  void set(double v) override { value_.store(v, std::memory_order_relaxed); }
  void add(double by) override { value_.fetch_add(by, std::memory_order_relaxed); }
  double value() const override { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class HistogramImpl final : public Histogram {
 public:
  explicit HistogramImpl(std::vector<double> bounds)
      : bounds_(std::move(bounds)),
        counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

  void observe(double v) override {
    // Buckets are upper bounds, inclusive ("le"); NaN lands in +Inf only.
    auto i = std::isnan(v)
                 ? bounds_.size()
                 : static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) -
                                            bounds_.begin());
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
  }
  std::uint64_t count() const override {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i)
      n += counts_[i].load(std::memory_order_relaxed);
    return n;
  }

  const std::vector<double>& bounds() const { return bounds_; }
  std::uint64_t bucket(std::size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // not cumulative; last is +Inf
  std::atomic<double> sum_{0};
};

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : "NaN";
}

void append_escaped(std::string& out, std::string_view s, bool quote) {
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (quote && c == '"')
      out += "\\\"";
    else
      out += c;
  }
}

// `extra` is the histogram's le label, which comes last.
void append_labels(std::string& out, const Labels& labels, std::string_view extra_value = {}) {
  if (labels.empty() && extra_value.empty()) return;
  out += '{';
  bool first = true;
  for (auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += "=\"";
    append_escaped(out, v, true);
    out += '"';
  }
  if (!extra_value.empty()) {
    if (!first) out += ',';
    out += "le=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

std::string_view type_name(int type) {
  static constexpr std::string_view names[] = {"counter", "gauge", "histogram"};
  return names[type];
}

}  // namespace

struct MetricsRegistry::Series {
  Labels labels;  // sorted by name
  std::unique_ptr<CounterImpl> counter;
  std::unique_ptr<GaugeImpl> gauge;
  std::unique_ptr<HistogramImpl> histogram;
};

struct MetricsRegistry::Family {
  std::string name;
  std::string help;
  Type type;
  std::map<std::string, Series> series;  // by canonical label key
};

struct MetricsRegistry::Collectors {
  std::mutex mutex;
  std::uint64_t next_id = 0;
  std::map<std::uint64_t, Collector> by_id;
};

MetricsRegistry::MetricsRegistry() : collectors_(std::make_shared<Collectors>()) {}
MetricsRegistry::~MetricsRegistry() = default;

const std::vector<double>& MetricsRegistry::default_buckets() {
  static const std::vector<double> buckets = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                              0.005,   0.01,   0.025,   0.05,   0.1,   0.25,
                                              0.5,     1,      2.5,     5,      10};
  return buckets;
}

bool MetricsRegistry::valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool MetricsRegistry::valid_label_name(std::string_view name) {
  // Names starting with "__" are reserved for Prometheus itself.
  if (name.empty() || name.starts_with("__")) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

MetricsRegistry::Family& MetricsRegistry::family(std::string_view name, std::string_view help,
                                                 Type type) {
  auto fail = [&](std::string why) {
    throw std::invalid_argument("metric \"" + std::string(name) + "\": " + why);
  };
  if (!valid_metric_name(name)) fail("not a valid Prometheus metric name");
  if (auto it = families_.find(name); it != families_.end()) {
    if (it->second->type != type)
      fail("already registered as a " + std::string(type_name(int(it->second->type))) + ", not a " +
           std::string(type_name(int(type))));
    return *it->second;
  }
  // A histogram renders name_bucket, name_sum and name_count: no other family may use them.
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (name.ends_with(suffix)) {
      auto base = families_.find(name.substr(0, name.size() - suffix.size()));
      if (base != families_.end() && base->second->type == Type::histogram)
        fail("clashes with histogram \"" + base->first + "\"");
    }
    if (type == Type::histogram && families_.contains(std::string(name) + std::string(suffix)))
      fail("a histogram would clash with \"" + std::string(name) + std::string(suffix) + "\"");
  }
  auto f = std::make_unique<Family>();
  f->name = name;
  f->help = help;
  f->type = type;
  return *families_.emplace(std::string(name), std::move(f)).first->second;
}

namespace {

// Sorted labels and the map key they make; validates names on the way.
std::pair<Labels, std::string> canonical(std::string_view metric, const Labels& labels,
                                         bool histogram) {
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  std::string key;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    auto& name = sorted[i].first;
    std::string why;
    if (!MetricsRegistry::valid_label_name(name))
      why = "is not a valid label name";
    else if (i > 0 && sorted[i - 1].first == name)
      why = "is given twice";
    else if (histogram && name == "le")
      why = "is reserved for histogram buckets";
    if (!why.empty())
      throw std::invalid_argument("metric \"" + std::string(metric) + "\": label \"" + name +
                                  "\" " + why);
    key += name;
    key += '\0';
    key += sorted[i].second;
    key += '\0';
  }
  return {std::move(sorted), std::move(key)};
}

}  // namespace

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                  const Labels& labels) {
  auto [sorted, key] = canonical(name, labels, false);
  std::lock_guard lock(mutex_);
  auto& s = family(name, help, Type::counter).series[key];
  if (!s.counter) {
    s.labels = std::move(sorted);
    s.counter = std::make_unique<CounterImpl>();
  }
  return *s.counter;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  auto [sorted, key] = canonical(name, labels, false);
  std::lock_guard lock(mutex_);
  auto& s = family(name, help, Type::gauge).series[key];
  if (!s.gauge) {
    s.labels = std::move(sorted);
    s.gauge = std::make_unique<GaugeImpl>();
  }
  return *s.gauge;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      const Labels& labels, const std::vector<double>& buckets) {
  std::vector<double> bounds = buckets.empty() ? default_buckets() : buckets;
  // An explicit +Inf is implied anyway.
  if (!bounds.empty() && bounds.back() == std::numeric_limits<double>::infinity())
    bounds.pop_back();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i - 1] < bounds[i])))
      throw std::invalid_argument("metric \"" + std::string(name) +
                                  "\": buckets must be finite and strictly ascending");
  }
  auto [sorted, key] = canonical(name, labels, true);
  std::lock_guard lock(mutex_);
  auto& s = family(name, help, Type::histogram).series[key];
  if (!s.histogram) {
    s.labels = std::move(sorted);
    s.histogram = std::make_unique<HistogramImpl>(std::move(bounds));
  } else if (s.histogram->bounds() != bounds) {
    throw std::invalid_argument("metric \"" + std::string(name) +
                                "\": already registered with other buckets");
  }
  return *s.histogram;
}

Subscription MetricsRegistry::add_collector(Collector collector) {
  std::lock_guard lock(collectors_->mutex);
  auto id = collectors_->next_id++;
  collectors_->by_id.emplace(id, std::move(collector));
  return Subscription([weak = std::weak_ptr<Collectors>(collectors_), id] {
    if (auto c = weak.lock()) {
      std::lock_guard lock(c->mutex);
      c->by_id.erase(id);
    }
  });
}

std::string MetricsRegistry::render_prometheus() const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, f] : families_) {
      out += "# HELP ";
      out += name;
      out += ' ';
      append_escaped(out, f->help, false);
      out += "\n# TYPE ";
      out += name;
      out += ' ';
      out += type_name(int(f->type));
      out += '\n';
      for (auto& [key, s] : f->series) {
        if (f->type != Type::histogram) {
          out += name;
          append_labels(out, s.labels);
          out += ' ';
          out += format_value(s.counter ? s.counter->value() : s.gauge->value());
          out += '\n';
          continue;
        }
        auto& h = *s.histogram;
        // Read each bucket once so that the cumulative counts and _count agree.
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= h.bounds().size(); ++i) {
          cumulative += h.bucket(i);
          out += name;
          out += "_bucket";
          append_labels(out, s.labels,
                        i < h.bounds().size() ? format_value(h.bounds()[i]) : "+Inf");
          out += ' ';
          out += std::to_string(cumulative);
          out += '\n';
        }
        out += name;
        out += "_sum";
        append_labels(out, s.labels);
        out += ' ';
        out += format_value(h.sum());
        out += '\n';
        out += name;
        out += "_count";
        append_labels(out, s.labels);
        out += ' ';
        out += std::to_string(cumulative);
        out += '\n';
      }
    }
  }
  std::lock_guard lock(collectors_->mutex);
  for (auto& [id, collect] : collectors_->by_id) collect(out);
  return out;
}

std::vector<MetricSample> MetricsRegistry::snapshot() const {
  std::vector<MetricSample> out;
  std::lock_guard lock(mutex_);
  for (auto& [name, f] : families_) {
    for (auto& [key, s] : f->series) {
      MetricSample m{name, std::string(type_name(int(f->type))), s.labels};
      if (s.counter) m.value = s.counter->value();
      if (s.gauge) m.value = s.gauge->value();
      if (s.histogram) {
        auto& h = *s.histogram;
        m.bounds = h.bounds();
        for (std::size_t i = 0; i <= h.bounds().size(); ++i) {
          m.buckets.push_back(h.bucket(i));
          m.count += m.buckets.back();
        }
        m.value = h.sum();
      }
      out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace sb::kernel
