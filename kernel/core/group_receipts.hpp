// SPDX-License-Identifier: Apache-2.0
// Delivered receipts in groups, gathered across members. In a group of n, every message
// is acked by n - 1 members, each ack making one receipt for the sender: n - 1 inbox rows,
// frames and acks per message through the store's one writer. Here the receipts for one
// sender and chat wait while the previous one for that pair is being stored (one group
// commit, a few milliseconds under load, nothing when idle) and then go as one receipt per
// (upto_seq, count) with every member it covers in `by_users` (docs/protocol.md, Events;
// docs/performance.md, round 3).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sb::core {

class Engine;

class GroupReceipts {
 public:
  explicit GroupReceipts(Engine& engine) : engine_(engine) {}

  // `by`'s ack delivered `count` messages of `sender` in group chat `chat`, the newest
  // `msg_id` at `seq`. Called from the core's workers, any number at once.
  void add(const std::string& sender, const std::string& chat, const std::string& msg_id,
           std::int64_t seq, std::int64_t count, const std::string& by, std::int64_t ts);

 private:
  struct Point {  // one receipt: the members whose acks ended at the same message and count
    std::string msg_id;
    std::vector<std::string> by;
    std::int64_t ts = 0;
  };
  using Points = std::map<std::pair<std::int64_t, std::int64_t>, Point>;  // (seq, count)
  struct Pair {
    bool in_flight = false;
    Points waiting;
  };
  using Key = std::pair<std::string, std::string>;  // sender, chat

  // Stores `points` as receipts for `key`'s sender; when stored, sends what gathered meanwhile.
  void store(const Key& key, Points points);
  void stored(const Key& key);

  Engine& engine_;
  mutable std::mutex mutex_;
  std::map<Key, Pair> pairs_;
};

}  // namespace sb::core
