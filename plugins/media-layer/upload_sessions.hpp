// SPDX-License-Identifier: Apache-2.0
// Resumable uploads in progress (tus 1.0 core): each keeps its open BlobWriter, so the
// SHA-256 goes on where the last piece left it. Kept in memory: a restart drops them (the
// client starts over), as does upload_idle_seconds without progress.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <switchboard/services/media_store.hpp>

namespace media_layer {

struct Upload {
  std::string owner;
  std::uint64_t length = 0;  // Upload-Length
  std::string content_type;
  std::unique_ptr<sb::BlobWriter> writer;
  std::int64_t touched_ms = 0;
  bool busy = false;  // one PATCH at a time
};

class UploadSessions {
 public:
  void add(const std::string& id, std::shared_ptr<Upload> upload);
  std::shared_ptr<Upload> find(const std::string& id);
  void remove(const std::string& id);
  // Drops uploads untouched since `before_ms` and not busy; returns how many.
  std::size_t expire(std::int64_t before_ms);
  // Guards an Upload's fields.
  std::mutex& mutex() { return mutex_; }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Upload>> uploads_;
};

}  // namespace media_layer
