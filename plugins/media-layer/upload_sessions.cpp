// SPDX-License-Identifier: Apache-2.0
// See upload_sessions.hpp.
#include "upload_sessions.hpp"

namespace media_layer {

void UploadSessions::add(const std::string& id, std::shared_ptr<Upload> upload) {
  std::lock_guard lock(mutex_);
  uploads_[id] = std::move(upload);
}

std::shared_ptr<Upload> UploadSessions::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = uploads_.find(id);
  return it == uploads_.end() ? nullptr : it->second;
}

void UploadSessions::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  uploads_.erase(id);
}

std::size_t UploadSessions::expire(std::int64_t before_ms) {
  std::lock_guard lock(mutex_);
  return std::erase_if(uploads_, [&](const auto& kv) {
    return !kv.second->busy && kv.second->touched_ms < before_ms;
  });
}

}  // namespace media_layer
