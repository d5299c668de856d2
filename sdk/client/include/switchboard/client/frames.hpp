// SPDX-License-Identifier: Apache-2.0
// Protocol v1 frames as the client sees them: encoding requests, decoding replies and
// events. Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json.hpp>

namespace sb::client {

namespace json = boost::json;

// {"id":..,"ok":..} from the server. `error_code` is empty when ok; a client-side failure
// (timeout, disconnect) uses the codes "timeout", "disconnected" and "stopped".
struct Reply {
  std::string id;
  bool ok = false;
  json::object fields;  // the whole frame
  std::string error_code;
  std::string error_message;

  static Reply failure(std::string id, std::string code, std::string message);
};

// {"ev":..} from the server. `cursor` is set for events that stay in the inbox until acked.
struct Event {
  std::string ev;
  std::optional<std::int64_t> cursor;
  json::object fields;  // the whole frame
};

// {"id":id,"op":op, ...fields}; an empty id is left out (fire-and-forget ops).
std::string encode_request(std::string_view id, std::string_view op, json::object fields);

// A reply, an event, or nullopt for text that is neither (the caller drops it).
std::optional<std::variant<Reply, Event>> decode_frame(std::string_view text);

// Remembers the highest cursor handed to the application, so a replayed event (cursor at or
// below it) is recognised as a duplicate.
class CursorTracker {
 public:
  explicit CursorTracker(std::int64_t start = 0) : last_(start) {}
  // True when `cursor` is new (and records it); false for a duplicate.
  bool accept(std::int64_t cursor) {
    if (cursor <= last_) return false;
    last_ = cursor;
    return true;
  }
  std::int64_t last() const { return last_; }

 private:
  std::int64_t last_;
};

}  // namespace sb::client
