// SPDX-License-Identifier: Apache-2.0
// Service lookups are rare (plugins resolve services once, in start), so one mutex is enough.
#include "kernel/host/service_registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace sb::kernel {
namespace {

class InstanceServices final : public ServiceRegistry {
 public:
  InstanceServices(ServiceTable& table, std::string instance, std::vector<std::string> declared)
      : table_(table), instance_(std::move(instance)), declared_(std::move(declared)) {}

 protected:
  void provide_erased(std::string_view service, std::shared_ptr<void> impl) override {
    table_.provide(instance_, declared_, service, std::move(impl));
  }
  std::shared_ptr<void> get_erased(std::string_view service,
                                   std::string_view instance) const override {
    return table_.get(service, instance);
  }
  std::vector<std::shared_ptr<void>> all_erased(std::string_view service) const override {
    return table_.all(service);
  }

 private:
  ServiceTable& table_;
  std::string instance_;
  std::vector<std::string> declared_;
};

}  // namespace

ServiceTable::ServiceTable(std::map<std::string, std::string> chosen)
    : chosen_(std::move(chosen)) {}

void ServiceTable::provide(std::string_view instance, const std::vector<std::string>& declared,
                           std::string_view service, std::shared_ptr<void> impl) {
  if (std::find(declared.begin(), declared.end(), service) == declared.end())
    throw std::logic_error("plugin instance \"" + std::string(instance) + "\" provides service \"" +
                           std::string(service) +
                           "\" but its manifest does not list it in provides");
  if (!impl)
    throw std::logic_error("plugin instance \"" + std::string(instance) + "\" provided a null \"" +
                           std::string(service) + "\"");
  std::lock_guard lock(mutex_);
  auto& list = by_service_[std::string(service)];
  for (auto& e : list)
    if (e.instance == instance)
      throw std::logic_error("plugin instance \"" + std::string(instance) +
                             "\" provided service \"" + std::string(service) + "\" twice");
  list.push_back({std::string(instance), std::move(impl)});
}

const ServiceTable::Entry* ServiceTable::chosen_locked(std::string_view service) const {
  auto it = by_service_.find(service);
  if (it == by_service_.end() || it->second.empty()) return nullptr;
  if (auto c = chosen_.find(std::string(service)); c != chosen_.end()) {
    for (auto& e : it->second)
      if (e.instance == c->second) return &e;
    return nullptr;  // the deployment named a provider that is not running: no silent fallback
  }
  return &it->second.front();
}

std::shared_ptr<void> ServiceTable::get(std::string_view service, std::string_view instance) const {
  std::lock_guard lock(mutex_);
  if (instance.empty()) {
    auto* e = chosen_locked(service);
    return e ? e->impl : nullptr;
  }
  auto it = by_service_.find(service);
  if (it == by_service_.end()) return nullptr;
  for (auto& e : it->second)
    if (e.instance == instance) return e.impl;
  return nullptr;
}

std::vector<std::shared_ptr<void>> ServiceTable::all(std::string_view service) const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<void>> out;
  if (auto it = by_service_.find(service); it != by_service_.end())
    for (auto& e : it->second) out.push_back(e.impl);
  return out;
}

bool ServiceTable::has(std::string_view service) const {
  std::lock_guard lock(mutex_);
  auto it = by_service_.find(service);
  return it != by_service_.end() && !it->second.empty();
}

void ServiceTable::remove_instance(std::string_view instance) {
  std::lock_guard lock(mutex_);
  for (auto& [name, list] : by_service_)
    std::erase_if(list, [&](const Entry& e) { return e.instance == instance; });
}

std::vector<std::string> ServiceTable::instances(std::string_view service) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  auto it = by_service_.find(service);
  if (it != by_service_.end())
    for (auto& e : it->second) out.push_back(e.instance);
  return out;
}

json::object ServiceTable::describe() const {
  std::lock_guard lock(mutex_);
  json::object out;
  for (auto& [name, list] : by_service_) {
    json::array providers;
    for (auto& e : list) providers.emplace_back(json::string(e.instance));
    auto* c = chosen_locked(name);
    out[name] = json::object{{"providers", std::move(providers)},
                             {"chosen", c ? json::value(json::string(c->instance)) : nullptr}};
  }
  return out;
}

std::unique_ptr<ServiceRegistry> ServiceTable::view(std::string instance,
                                                    std::vector<std::string> declared) {
  return std::make_unique<InstanceServices>(*this, std::move(instance), std::move(declared));
}

}  // namespace sb::kernel
