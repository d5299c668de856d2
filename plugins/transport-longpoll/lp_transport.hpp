// SPDX-License-Identifier: Apache-2.0
// The transport-longpoll plugin: the GET and POST routes, one DeviceSession per device
// (found by the identity verify_token gives) and the sweep that answers expired polls and
// ends idle sessions.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <switchboard/plugin.hpp>
#include <switchboard/services/messaging.hpp>

#include "config.hpp"
#include "device_session.hpp"

namespace transport_longpoll {

class LpTransport final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
  void drain() override;
  void stop() override;

 private:
  void on_post(const sb::HttpRequest& req, std::shared_ptr<sb::HttpResponder> responder);
  void on_get(const sb::HttpRequest& req, std::shared_ptr<sb::HttpResponder> responder);
  // Verifies the Bearer token, then runs `then` with the device's session (on a core worker).
  void with_session(const sb::HttpRequest& req, std::shared_ptr<sb::HttpResponder> responder,
                    std::function<void(DeviceSession&)> then);
  std::shared_ptr<DeviceSession> session_for(const sb::ClientIdentity& who,
                                             const std::string& token, const std::string& remote);
  void sweep();
  void end_all(std::string_view reason);

  std::shared_ptr<sb::Messaging> messaging_;
  sb::Logger* log_ = nullptr;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<DeviceSession>> sessions_;
  sb::Subscription get_, post_, sweep_;
};

}  // namespace transport_longpoll
