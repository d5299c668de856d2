// SPDX-License-Identifier: Apache-2.0
// See post_batch.hpp.
#include "post_batch.hpp"

#include <algorithm>

namespace transport_longpoll {

namespace json = boost::json;

json::object error_reply(const std::optional<json::value>& id, std::string_view code,
                         std::string_view message) {
  json::object r;
  if (id) r["id"] = *id;
  r["ok"] = false;
  r["error"] = json::object{{"code", code}, {"message", message}};
  return r;
}

namespace {

bool is_paged_read(const json::object& frame) {
  auto* op = frame.if_contains("op");
  return op && (*op == "sync" || *op == "history");
}

// Each paged read's share of the POST's budget, within the core's range for max_bytes.
std::size_t page_share(const json::array& requests, std::size_t budget) {
  std::size_t reads = 0;
  for (auto& r : requests)
    if (r.is_object() && is_paged_read(r.get_object())) ++reads;
  if (reads == 0) return PostBatch::kMaxPageBytes;
  return std::clamp(budget / reads, PostBatch::kMinPageBytes, PostBatch::kMaxPageBytes);
}

}  // namespace

PostBatch::PostBatch(const json::array& requests, const std::string& prefix,
                     std::size_t reply_budget)
    : replies_(requests.size()), client_ids_(requests.size()) {
  auto share = page_share(requests, reply_budget);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!requests[i].is_object()) {
      replies_[i] = json::serialize(error_reply({}, "bad_request", "a request is a JSON object"));
      continue;
    }
    json::object frame = requests[i].get_object();
    if (auto* id = frame.if_contains("id")) client_ids_[i] = *id;
    frame["id"] = prefix + std::to_string(i);
    if (is_paged_read(frame)) {
      // A client's own smaller page stands, and a bad value reaches the core, which names it.
      auto* asked = frame.if_contains("max_bytes");
      if (!asked || (asked->is_int64() && asked->get_int64() > static_cast<std::int64_t>(share)))
        frame["max_bytes"] = share;
    }
    outgoing_.push_back({i, json::serialize(frame)});
    ++missing_;
  }
}

bool PostBatch::fill(std::size_t slot, json::object reply) {
  if (slot >= replies_.size() || replies_[slot]) return false;
  if (client_ids_[slot])
    reply["id"] = *client_ids_[slot];
  else
    reply.erase("id");
  replies_[slot] = json::serialize(reply);
  --missing_;
  return true;
}

void PostBatch::fail_missing(std::string_view code, std::string_view message) {
  for (std::size_t i = 0; i < replies_.size(); ++i)
    if (!replies_[i]) fill(i, error_reply({}, code, message));
}

std::string PostBatch::answer() const {
  std::string out = "[";
  for (std::size_t i = 0; i < replies_.size(); ++i) {
    if (i) out += ',';
    out += replies_[i] ? *replies_[i] : "null";
  }
  out += ']';
  return out;
}

}  // namespace transport_longpoll
