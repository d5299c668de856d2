// SPDX-License-Identifier: Apache-2.0
// See wiring.hpp. The order rule is the bus's: effective priority descending, then the
// instances' start order.
#include "kernel/host/wiring.hpp"

#include <algorithm>
#include <map>

namespace sb::kernel {
namespace {

const HandlerRule* rule_for(const BusSettings& bus, const std::string& id) {
  auto it = bus.handlers.find(id);
  return it == bus.handlers.end() ? nullptr : &it->second;
}

bool excluded(const HandlerRule* rule, const std::string& event) {
  if (!rule || !rule->events) return false;
  return std::find(rule->events->begin(), rule->events->end(), event) == rule->events->end();
}

}  // namespace

json::array planned_wiring(const BusSettings& bus, const InstanceManifests& instances) {
  struct Row {
    std::size_t order;
    std::string id;
    int priority;
  };
  std::map<std::string, std::vector<Row>> interceptors;
  std::map<std::string, std::vector<std::string>> observers;
  for (std::size_t i = 0; i < instances.size(); ++i) {
    auto& [id, m] = instances[i];
    auto* rule = rule_for(bus, id);
    for (auto& in : m->intercepts)
      interceptors[in.event].push_back(
          {i, id, rule && rule->priority ? *rule->priority : in.priority});
    for (auto& ev : m->consumes) observers[ev].push_back(id);
  }
  std::map<std::string, json::object> events;
  for (auto& [event, rows] : interceptors) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.priority > b.priority; });
    json::array list;
    for (auto& r : rows) {
      auto* rule = rule_for(bus, r.id);
      auto deadline = rule && rule->deadline ? *rule->deadline : bus.default_deadline;
      auto mode = rule && rule->failure_mode ? *rule->failure_mode : bus.default_failure_mode;
      list.push_back(json::object{{"instance", r.id},
                                  {"priority", r.priority},
                                  {"deadline_ms", deadline.count()},
                                  {"failure_mode", mode == FailureMode::open ? "open" : "closed"},
                                  {"filter", rule ? rule->filter : json::object{}},
                                  {"excluded", excluded(rule, event)}});
    }
    events[event]["interceptors"] = std::move(list);
  }
  for (auto& [event, ids] : observers) {
    json::array list;
    for (auto& id : ids) {
      auto* rule = rule_for(bus, id);
      list.push_back(json::object{{"instance", id},
                                  {"filter", rule ? rule->filter : json::object{}},
                                  {"excluded", excluded(rule, event)}});
    }
    events[event]["observers"] = std::move(list);
  }
  json::array out;
  for (auto& [event, o] : events) {
    if (!o.contains("interceptors")) o["interceptors"] = json::array{};
    if (!o.contains("observers")) o["observers"] = json::array{};
    o["event"] = event;
    out.push_back(std::move(o));
  }
  return out;
}

std::string render_wiring(const json::array& wiring) {
  std::string out;
  if (wiring.empty()) return "no plugin instance handles any event\n";
  for (auto& e : wiring) {
    auto& o = e.as_object();
    out += std::string(o.at("event").as_string()) + "\n";
    int n = 0;
    for (auto& h : o.at("interceptors").as_array()) {
      auto& r = h.as_object();
      out += "  " + std::to_string(++n) + ". intercept " +
             std::string(r.at("instance").as_string()) + "  priority " +
             std::to_string(r.at("priority").as_int64()) + ", deadline " +
             std::to_string(r.at("deadline_ms").as_int64()) + " ms, fail " +
             std::string(r.at("failure_mode").as_string());
      if (!r.at("filter").as_object().empty()) out += ", filter " + json::serialize(r.at("filter"));
      if (r.at("excluded").as_bool()) out += "  (excluded by [bus.handlers] events)";
      out += "\n";
    }
    for (auto& h : o.at("observers").as_array()) {
      auto& r = h.as_object();
      out += "  -  observe   " + std::string(r.at("instance").as_string());
      if (!r.at("filter").as_object().empty()) out += "  filter " + json::serialize(r.at("filter"));
      if (r.at("excluded").as_bool()) out += "  (excluded by [bus.handlers] events)";
      out += "\n";
    }
  }
  return out;
}

}  // namespace sb::kernel
