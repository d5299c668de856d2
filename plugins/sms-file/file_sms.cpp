// SPDX-License-Identifier: Apache-2.0
// See file_sms.hpp. The file stays open in append mode; each line is one write under a
// mutex and is flushed, so a reader never sees half a line from this process.
#include "file_sms.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace sms_file {

FileSms::FileSms(std::string path) : path_(std::move(path)) {
  auto parent = std::filesystem::path(path_).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  file_ = std::fopen(path_.c_str(), "ae");
  if (!file_) throw std::runtime_error("cannot open " + path_ + ": " + std::strerror(errno));
}

FileSms::~FileSms() {
  if (file_) std::fclose(file_);
}

void FileSms::send_code(const std::string& phone, const std::string& code) {
  using namespace std::chrono;
  auto ts = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::string line =
      sb::json::serialize(sb::json::object{{"phone", phone}, {"code", code}, {"ts", ts}}) + "\n";
  std::lock_guard lock(mutex_);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
    throw std::runtime_error("cannot write to " + path_ + ": " + std::strerror(errno));
}

void FileSmsPlugin::start(const Config& config, sb::Context& ctx) {
  std::string path = config.path.empty()
                         ? (std::filesystem::path(ctx.data_dir()) / "sms.jsonl").string()
                         : config.path;
  auto sms = std::make_shared<FileSms>(path);
  ctx.services().provide<sb::SmsProvider>(sms);
  ctx.log().info("login codes are appended to a file (sms-file): not for production",
                 {{"path", path}});
}

}  // namespace sms_file
