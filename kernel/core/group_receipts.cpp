// SPDX-License-Identifier: Apache-2.0
// See group_receipts.hpp. At most one append of receipts per (sender, chat) is in the store's
// queue at a time; whatever members ack meanwhile waits for it and goes next, merged.
#include "kernel/core/group_receipts.hpp"

#include <algorithm>
#include <span>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "kernel/core/engine.hpp"
#include "kernel/core/frames.hpp"

namespace sb::core {

namespace json = boost::json;

namespace {
// Members named in one receipt at most (~6 KB): a group larger than the default limit gets
// several, so no event outgrows a reply page or a transport's queue.
constexpr std::size_t kMaxUsers = 256;

// A delivered receipt as one member's (frames.cpp, receipt_payload), with `by` the first of
// `by_users`, every member it covers.
std::string group_receipt_payload(std::string_view chat, std::string_view msg_id,
                                  std::int64_t upto_seq, std::int64_t count,
                                  std::span<const std::string> by, std::int64_t ts) {
  json::array users;
  users.reserve(by.size());
  for (auto& u : by) users.emplace_back(u);
  json::object o{{"ev", "receipt"},  {"type", "delivered"},  {"chat", chat},
                 {"msg_id", msg_id}, {"upto_seq", upto_seq}, {"count", count}};
  o["by"] = by.front();
  o["by_users"] = std::move(users);
  o["ts"] = ts;
  return json::serialize(o);
}
}  // namespace

void GroupReceipts::add(const std::string& sender, const std::string& chat,
                        const std::string& msg_id, std::int64_t seq, std::int64_t count,
                        const std::string& by, std::int64_t ts) {
  Key key{sender, chat};
  Points now;
  {
    std::lock_guard lock(mutex_);
    auto& pair = pairs_[key];
    auto& point = pair.waiting[{seq, count}];
    if (point.msg_id.empty()) point.msg_id = msg_id;
    if (std::find(point.by.begin(), point.by.end(), by) == point.by.end()) point.by.push_back(by);
    point.ts = std::max(point.ts, ts);
    if (pair.in_flight) return;
    pair.in_flight = true;
    now.swap(pair.waiting);
  }
  store(key, std::move(now));
}

void GroupReceipts::store(const Key& key, Points points) {
  auto& e = engine_;
  std::vector<EventWrite> receipts;
  try {
    for (auto& [at, p] : points)
      for (std::size_t from = 0; from < p.by.size(); from += kMaxUsers) {
        std::span<const std::string> by(p.by);
        by = by.subspan(from, std::min(kMaxUsers, by.size() - from));
        auto payload = group_receipt_payload(key.second, p.msg_id, at.first, at.second, by, p.ts);
        e.add_for_devices(receipts, key.first, "receipt", key.second, payload);
      }
  } catch (const std::exception& x) {
    e.log.error("delivered receipts not sent", {{"error", x.what()}});
    receipts.clear();
  }
  // Runs on the store's writer thread: only posts.
  e.append_events(std::move(receipts),
                  [this, key] { boost::asio::post(engine_.pool, [this, key] { stored(key); }); });
}

void GroupReceipts::stored(const Key& key) {
  Points next;
  {
    std::lock_guard lock(mutex_);
    auto it = pairs_.find(key);
    if (it == pairs_.end()) return;
    if (it->second.waiting.empty()) {
      pairs_.erase(it);
      return;
    }
    next.swap(it->second.waiting);
  }
  store(key, std::move(next));
}

}  // namespace sb::core
