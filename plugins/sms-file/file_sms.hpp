// SPDX-License-Identifier: Apache-2.0
// An SmsProvider that appends {"phone","code","ts"} as one JSON line per code to a file,
// so tests (and scripts) can read the codes the server sent.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include <switchboard/plugin.hpp>
#include <switchboard/services/sms.hpp>

#include "config.hpp"

namespace sms_file {

class FileSms final : public sb::SmsProvider {
 public:
  // Opens (creating) the file for appending; throws std::runtime_error naming it.
  explicit FileSms(std::string path);
  ~FileSms() override;
  FileSms(const FileSms&) = delete;
  FileSms& operator=(const FileSms&) = delete;

  void send_code(const std::string& phone, const std::string& code) override;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
};

class FileSmsPlugin final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
};

}  // namespace sms_file
