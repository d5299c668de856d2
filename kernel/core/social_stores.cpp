// SPDX-License-Identifier: Apache-2.0
// See social_stores.hpp. A node runs one engine (tests run a few in turn), so the table is
// tiny; entries are never replaced while sessions read them.
#include "kernel/core/social_stores.hpp"

#include "kernel/core/protocol.hpp"

#include <map>
#include <mutex>

namespace sb::core {
namespace {

std::mutex table_mutex;
std::map<const Engine*, std::shared_ptr<const SocialStores>>& table() {
  static std::map<const Engine*, std::shared_ptr<const SocialStores>> t;
  return t;
}

}  // namespace

void attach_social_stores(const Engine& e, SocialStores stores) {
  std::lock_guard lock(table_mutex);
  table()[&e] = std::make_shared<const SocialStores>(std::move(stores));
}

void detach_social_stores(const Engine& e) {
  std::lock_guard lock(table_mutex);
  table().erase(&e);
}

std::shared_ptr<const SocialStores> social_stores(const Engine& e) {
  static const auto none = std::make_shared<const SocialStores>();
  std::lock_guard lock(table_mutex);
  auto it = table().find(&e);
  return it == table().end() ? none : it->second;
}

void social_unavailable(const char* what, const char* service) {
  throw ProtocolError("unavailable", std::string("this server's store keeps no ") + what + " (no " +
                                         service + " service)");
}

}  // namespace sb::core
