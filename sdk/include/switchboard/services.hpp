// SPDX-License-Identifier: Apache-2.0
// The typed service registry: a plugin provides an implementation of an SDK interface
// (MessageStore, PushProvider, SmsProvider, ...) and others look it up. A service interface
// names itself with `static constexpr std::string_view service_name`, which manifests list
// in `provides` and `requires`; the kernel starts providers before their users.
#pragma once

#include <concepts>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

template <class S>
concept Service = requires {
  { S::service_name } -> std::convertible_to<std::string_view>;
};

class ServiceRegistry {
 public:
  virtual ~ServiceRegistry() = default;

  // Registers `impl` under the calling instance's id. Throws std::logic_error when the
  // instance's manifest does not list the service in `provides`.
  template <Service S>
  void provide(std::shared_ptr<S> impl) {
    provide_erased(S::service_name, std::shared_ptr<void>(impl, impl.get()));
  }

  // The provider chosen for S: the one the deployment names in [services], else the only
  // one, else the first started. Null when none.
  template <Service S>
  std::shared_ptr<S> get() const {
    return std::static_pointer_cast<S>(get_erased(S::service_name, {}));
  }
  // The provider from a given instance. Null when it does not provide S.
  template <Service S>
  std::shared_ptr<S> get(std::string_view instance) const {
    return std::static_pointer_cast<S>(get_erased(S::service_name, instance));
  }
  // Every provider of S, in start order (e.g. all push providers).
  template <Service S>
  std::vector<std::shared_ptr<S>> all() const {
    std::vector<std::shared_ptr<S>> out;
    for (auto& p : all_erased(S::service_name)) out.push_back(std::static_pointer_cast<S>(p));
    return out;
  }

 protected:
  virtual void provide_erased(std::string_view service, std::shared_ptr<void> impl) = 0;
  virtual std::shared_ptr<void> get_erased(std::string_view service,
                                           std::string_view instance) const = 0;
  virtual std::vector<std::shared_ptr<void>> all_erased(std::string_view service) const = 0;
};

}  // namespace sb
