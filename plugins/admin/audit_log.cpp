// SPDX-License-Identifier: Apache-2.0
// See audit_log.hpp. The file is the record; memory holds what the API pages through.
#include "audit_log.hpp"

#include <chrono>
#include <fstream>

namespace sb::admin {

AuditLog::AuditLog(std::string path, std::size_t keep) : path_(std::move(path)), keep_(keep) {
  std::ifstream in(path_);
  std::string line;
  for (int n = 0; n < 100'000'000 && std::getline(in, line); ++n) {
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    if (ec || !v.is_object()) continue;
    auto& o = v.as_object();
    try {
      AuditEntry e{o.at("id").to_number<std::int64_t>(),
                   o.at("ts").to_number<std::int64_t>(),
                   std::string(o.at("admin").as_string()),
                   std::string(o.at("action").as_string()),
                   std::string(o.at("target").as_string()),
                   std::string(o.at("address").as_string()),
                   o.at("details").as_object()};
      next_id_ = std::max(next_id_, e.id + 1);
      entries_.push_back(std::move(e));
      if (entries_.size() > keep_) entries_.pop_front();
    } catch (const std::exception&) {
      // A torn last line (a crash mid-write) is skipped, not fatal.
    }
  }
}

json::object AuditLog::to_json(const AuditEntry& e) {
  return {{"id", e.id},         {"ts", e.ts_ms},        {"admin", e.admin},    {"action", e.action},
          {"target", e.target}, {"address", e.address}, {"details", e.details}};
}

void AuditLog::add(AuditEntry e) {
  using namespace std::chrono;
  e.ts_ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::lock_guard lock(mutex_);
  e.id = next_id_++;
  std::ofstream out(path_, std::ios::app);
  out << json::serialize(to_json(e)) << '\n';
  entries_.push_back(std::move(e));
  if (entries_.size() > keep_) entries_.pop_front();
}

std::vector<AuditEntry> AuditLog::page(std::int64_t before, std::size_t limit) const {
  std::vector<AuditEntry> out;
  std::lock_guard lock(mutex_);
  for (auto it = entries_.rbegin(); it != entries_.rend() && out.size() < limit; ++it)
    if (before <= 0 || it->id < before) out.push_back(*it);
  return out;
}

}  // namespace sb::admin
