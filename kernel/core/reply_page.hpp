// SPDX-License-Identifier: Apache-2.0
// A list reply (sync's events, history's messages) capped by bytes, so no reply outgrows a
// transport's send queue nor a long-poll answer the server's memory: fewer items and a "more".
#pragma once

#include <cstddef>
#include <string>

namespace sb::core {

// Bytes of items one sync or history reply carries at most (beyond its first item, which
// always goes, so a single large message can still be read). Well under the WebSocket
// transport's default send queue (1 MiB).
inline constexpr std::size_t kReplyBytes = 256 * 1024;
// The smallest page a request may ask for (`max_bytes`).
inline constexpr std::size_t kMinReplyBytes = 1024;

class ReplyPage {
 public:
  explicit ReplyPage(std::size_t cap = kReplyBytes) : cap_(cap) {}

  // Adds a serialized item, or refuses it (false) when it would take the page past its cap;
  // the first item is always taken.
  bool add(const std::string& item) {
    if (count_ > 0 && list_.size() + item.size() + 2 > cap_) {
      full_ = true;
      return false;
    }
    list_ += count_++ ? "," : "";
    list_ += item;
    return true;
  }
  bool full() const { return full_; }
  std::size_t count() const { return count_; }
  // The JSON array.
  std::string list() const { return "[" + list_ + "]"; }

 private:
  std::size_t cap_;
  std::string list_;
  std::size_t count_ = 0;
  bool full_ = false;
};

}  // namespace sb::core
