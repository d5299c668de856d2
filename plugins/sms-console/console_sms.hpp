// SPDX-License-Identifier: Apache-2.0
// An SmsProvider that prints "OTP <phone> <code>" on standard output, one line per code,
// for development and for tests that read the daemon's output.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <switchboard/plugin.hpp>
#include <switchboard/services/sms.hpp>

#include "config.hpp"

namespace sms_console {

class ConsoleSms final : public sb::SmsProvider {
 public:
  void send_code(const std::string& phone, const std::string& code) override;

 private:
  std::mutex mutex_;
};

class ConsoleSmsPlugin final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
};

}  // namespace sms_console
