// SPDX-License-Identifier: Apache-2.0
// What the hello plugin does: counts the events it observes and answers an HTTP route with
// its greeting and what it has seen.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include <switchboard/plugin.hpp>

#include "config.hpp"

namespace hello {

class Greeter final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;

 private:
  std::string answer() const;

  std::atomic<int> events_seen_{0};
  mutable std::mutex mutex_;
  std::string last_event_;
};

}  // namespace hello
