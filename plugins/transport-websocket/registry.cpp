// SPDX-License-Identifier: Apache-2.0
// See registry.hpp. Closing happens outside the lock: a close may call back into remove().
#include "registry.hpp"

#include <vector>

#include "close_codes.hpp"
#include "ws_client.hpp"

namespace transport_websocket {

void Registry::add(const std::shared_ptr<WsClient>& client, bool awaiting_auth,
                   Clock::time_point deadline) {
  std::lock_guard lock(mutex_);
  live_.emplace(client.get(), client);
  if (awaiting_auth) awaiting_auth_.emplace(client.get(), deadline);
}

void Registry::authenticated(const WsClient* client) {
  std::lock_guard lock(mutex_);
  awaiting_auth_.erase(client);
}

void Registry::remove(const WsClient* client) {
  std::lock_guard lock(mutex_);
  live_.erase(client);
  awaiting_auth_.erase(client);
}

void Registry::expire_auth(Clock::time_point now) {
  std::vector<std::shared_ptr<WsClient>> late;
  {
    std::lock_guard lock(mutex_);
    for (auto it = awaiting_auth_.begin(); it != awaiting_auth_.end();) {
      if (it->second > now) {
        ++it;
        continue;
      }
      if (auto l = live_.find(it->first); l != live_.end())
        if (auto c = l->second.lock()) late.push_back(std::move(c));
      it = awaiting_auth_.erase(it);
    }
  }
  for (auto& c : late) c->close_with(close_code::auth_timeout, "auth_timeout");
}

void Registry::close_all(std::uint16_t code, const std::string& reason) {
  std::vector<std::shared_ptr<WsClient>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [_, weak] : live_)
      if (auto c = weak.lock()) all.push_back(std::move(c));
  }
  for (auto& c : all) c->close_with(code, reason);
}

std::size_t Registry::size() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

}  // namespace transport_websocket
