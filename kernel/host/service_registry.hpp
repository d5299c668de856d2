// SPDX-License-Identifier: Apache-2.0
// The typed service registry behind sb::ServiceRegistry: which instance provides which
// service, and which provider answers get<S>() when there are several ([services]).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/json.hpp>
#include <switchboard/services.hpp>

namespace sb::kernel {

class ServiceTable {
 public:
  // `chosen`: service name -> instance id, from the deployment's [services] section.
  explicit ServiceTable(std::map<std::string, std::string> chosen = {});

  // Throws std::logic_error when `declared` (the manifest's provides) lacks `service`.
  void provide(std::string_view instance, const std::vector<std::string>& declared,
               std::string_view service, std::shared_ptr<void> impl);
  std::shared_ptr<void> get(std::string_view service, std::string_view instance) const;
  std::vector<std::shared_ptr<void>> all(std::string_view service) const;
  bool has(std::string_view service) const;
  // The instances providing `service`, in start order.
  std::vector<std::string> instances(std::string_view service) const;
  void remove_instance(std::string_view instance);
  // service -> [instances in start order], and which one get() picks.
  json::object describe() const;

  // The sb::ServiceRegistry one plugin instance sees.
  std::unique_ptr<ServiceRegistry> view(std::string instance, std::vector<std::string> declared);

 private:
  struct Entry {
    std::string instance;
    std::shared_ptr<void> impl;
  };
  const Entry* chosen_locked(std::string_view service) const;

  std::map<std::string, std::string> chosen_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Entry>, std::less<>> by_service_;
};

}  // namespace sb::kernel
