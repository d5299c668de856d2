// SPDX-License-Identifier: Apache-2.0
// The audit log: every admin action (who, what, on what, when, from where), appended as one
// JSON line to <data_dir>/<instance>/audit.jsonl and kept in memory (the newest entries)
// for the API to browse. Lines another process appends (`switchboard admin ...`) are read in
// before the next page, so the command's actions show without a restart.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <switchboard/json.hpp>
#include <switchboard/services/admin_audit.hpp>

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

class AuditLog final : public AdminAudit {
 public:
  AuditLog(std::string path, std::size_t keep);
  void add(AuditEntry e);
  // AdminAudit: an action taken outside the API (the kernel's loopback ban).
  void record(const AdminAction& a) override {
    add({0, 0, a.admin, a.action, a.target, a.address, a.details});
  }
  // Newest first, ids below `before` (0: from the newest), at most `limit`.
  std::vector<AuditEntry> page(std::int64_t before, std::size_t limit);
  static json::object to_json(const AuditEntry& e);
  static std::optional<AuditEntry> from_json(const std::string& line);

 private:
  // Reads the lines appended to the file since it was last read or written here.
  void catch_up();
  void keep(AuditEntry e);

  std::string path_;
  std::size_t keep_;
  std::mutex mutex_;
  std::deque<AuditEntry> entries_;  // ordered by id
  std::int64_t next_id_ = 1;
  std::uintmax_t known_size_ = 0;  // bytes of the file already in entries_
};

}  // namespace sb::admin
