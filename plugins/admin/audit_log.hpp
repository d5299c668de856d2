// SPDX-License-Identifier: Apache-2.0
// The audit log: every admin action (who, what, on what, when, from where), appended as one
// JSON line to <data_dir>/<instance>/audit.jsonl and kept in memory (the newest entries)
// for the API to browse.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/json.hpp>

namespace sb::admin {

struct AuditEntry {
  std::int64_t id = 0;  // increasing
  std::int64_t ts_ms = 0;
  std::string admin;   // name, "token:<id>" or "cli"
  std::string action;  // "user.ban", "plugin.config", ...
  std::string target;
  std::string address;  // client IP
  json::object details;
};

class AuditLog {
 public:
  AuditLog(std::string path, std::size_t keep);
  void add(AuditEntry e);
  // Newest first, ids below `before` (0: from the newest), at most `limit`.
  std::vector<AuditEntry> page(std::int64_t before, std::size_t limit) const;
  static json::object to_json(const AuditEntry& e);

 private:
  std::string path_;
  std::size_t keep_;
  mutable std::mutex mutex_;
  std::deque<AuditEntry> entries_;  // oldest first
  std::int64_t next_id_ = 1;
};

}  // namespace sb::admin
