// SPDX-License-Identifier: Apache-2.0
// See audit_log.hpp. The file is the record; memory holds what the API pages through.
#include "audit_log.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

namespace sb::admin {

AuditLog::AuditLog(std::string path, std::size_t keep) : path_(std::move(path)), keep_(keep) {
  std::lock_guard lock(mutex_);
  catch_up();
}

std::optional<AuditEntry> AuditLog::from_json(const std::string& line) {
  boost::system::error_code ec;
  auto v = json::parse(line, ec);
  if (ec || !v.is_object()) return std::nullopt;
  auto& o = v.as_object();
  try {
    return AuditEntry{o.at("id").to_number<std::int64_t>(),
                      o.at("ts").to_number<std::int64_t>(),
                      std::string(o.at("admin").as_string()),
                      std::string(o.at("action").as_string()),
                      std::string(o.at("target").as_string()),
                      std::string(o.at("address").as_string()),
                      o.at("details").as_object()};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

json::object AuditLog::to_json(const AuditEntry& e) {
  return {{"id", e.id},         {"ts", e.ts_ms},        {"admin", e.admin},    {"action", e.action},
          {"target", e.target}, {"address", e.address}, {"details", e.details}};
}

void AuditLog::keep(AuditEntry e) {
  next_id_ = std::max(next_id_, e.id + 1);
  // Another process's entry may be older than our newest: keep the order by id.
  auto at = std::upper_bound(entries_.begin(), entries_.end(), e.id,
                             [](std::int64_t id, const AuditEntry& x) { return id < x.id; });
  // Our own line read back (another process appended in between): already kept.
  for (auto it = at; it != entries_.begin();) {
    --it;
    if (it->id != e.id) break;
    if (it->ts_ms == e.ts_ms && it->admin == e.admin && it->action == e.action &&
        it->target == e.target)
      return;
  }
  entries_.insert(at, std::move(e));
  while (entries_.size() > keep_) entries_.pop_front();
}

void AuditLog::catch_up() {
  std::error_code ec;
  auto size = std::filesystem::file_size(path_, ec);
  if (ec || size == known_size_) return;
  if (size < known_size_) known_size_ = 0;  // replaced by a shorter file: read it afresh
  std::ifstream in(path_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(known_size_));
  std::string line;
  // Whole lines only: a line still being written is read on the next call.
  for (int n = 0; n < 100'000'000 && std::getline(in, line) && !in.eof(); ++n) {
    known_size_ += line.size() + 1;
    // A torn line (a crash mid-write) is skipped, not fatal.
    if (auto e = from_json(line)) keep(std::move(*e));
  }
}

void AuditLog::add(AuditEntry e) {
  using namespace std::chrono;
  e.ts_ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::lock_guard lock(mutex_);
  catch_up();
  // Time-based ids (ms * 1000 + a counter) stay unique when the CLI and the server both
  // append to the file, and stay below 2^53 for JavaScript.
  e.id = std::max(next_id_, e.ts_ms * 1000);
  auto line = json::serialize(to_json(e)) + '\n';
  {
    std::ofstream out(path_, std::ios::app | std::ios::binary);
    out << line;
  }
  // Ours is in memory already; what another process appended meanwhile is read next time.
  std::error_code ec;
  auto size = std::filesystem::file_size(path_, ec);
  if (!ec && size == known_size_ + line.size()) known_size_ = size;
  keep(std::move(e));
}

std::vector<AuditEntry> AuditLog::page(std::int64_t before, std::size_t limit) {
  std::vector<AuditEntry> out;
  std::lock_guard lock(mutex_);
  catch_up();
  for (auto it = entries_.rbegin(); it != entries_.rend() && out.size() < limit; ++it)
    if (before <= 0 || it->id < before) out.push_back(*it);
  return out;
}

}  // namespace sb::admin
