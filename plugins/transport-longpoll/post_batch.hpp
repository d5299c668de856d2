// SPDX-License-Identifier: Apache-2.0
// One POST /v1/lp: its requests renamed with ids unique to the transport, and the replies
// gathered back into the POST's order with the client's ids restored.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace transport_longpoll {

class PostBatch {
 public:
  // `requests` is the POST's array. Elements that are not objects are answered at once with
  // bad_request; the others get the id `prefix` + their index. The paged reads among them
  // (sync, history) share `reply_budget` bytes: each asks the core for at most its share
  // (`max_bytes`), so the whole answer stays near the budget however many there are.
  PostBatch(const boost::json::array& requests, const std::string& prefix,
            std::size_t reply_budget = kDefaultReplyBudget);

  static constexpr std::size_t kDefaultReplyBudget = 1024 * 1024;
  // The core's range for `max_bytes` (docs/protocol.md).
  static constexpr std::size_t kMinPageBytes = 1024;
  static constexpr std::size_t kMaxPageBytes = 256 * 1024;

  // Frames to hand to the core, with their slot.
  struct Outgoing {
    std::size_t slot;
    std::string frame;
  };
  const std::vector<Outgoing>& outgoing() const { return outgoing_; }

  // Stores the core's reply for `slot` (the client's id put back); false if already filled.
  bool fill(std::size_t slot, boost::json::object reply);
  // Fills every empty slot with an error.
  void fail_missing(std::string_view code, std::string_view message);
  bool complete() const { return missing_ == 0; }
  // The JSON array of replies, in request order.
  std::string answer() const;

 private:
  std::vector<std::optional<std::string>> replies_;
  std::vector<std::optional<boost::json::value>> client_ids_;
  std::vector<Outgoing> outgoing_;
  std::size_t missing_ = 0;
};

// {"ok":false,"error":{"code":..,"message":..}} with `id` when given.
boost::json::object error_reply(const std::optional<boost::json::value>& id, std::string_view code,
                                std::string_view message);

}  // namespace transport_longpoll
