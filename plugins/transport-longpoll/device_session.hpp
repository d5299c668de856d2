// SPDX-License-Identifier: Apache-2.0
// One device's long-poll session: the ClientLink its core session writes to. Holds the
// events not yet acked (cursor events) or not yet delivered (the others), at most one
// parked GET, and the POSTs waiting for their replies. Thread-safe: HTTP I/O threads, core
// workers and the timer thread all call it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <switchboard/http.hpp>
#include <switchboard/services/messaging.hpp>

#include "config.hpp"
#include "post_batch.hpp"

namespace transport_longpoll {

class DeviceSession final : public sb::ClientLink,
                            public std::enable_shared_from_this<DeviceSession> {
 public:
  using Clock = std::chrono::steady_clock;
  explicit DeviceSession(const Config& config) : config_(config), last_used_(Clock::now()) {}

  void attach(std::shared_ptr<sb::ClientSession> core);

  // POST: feeds the requests to the core and answers with their replies, in order.
  void submit(const boost::json::array& requests, std::shared_ptr<sb::HttpResponder> responder);
  // GET ?cursor=N: acks N, then answers the events after it at once, or parks until one comes
  // or the wait ends.
  void poll(std::int64_t cursor, std::shared_ptr<sb::HttpResponder> responder);

  // Timer thread: answers a poll whose wait ended and POSTs the core left unanswered. False
  // when the session should end (idle, or closed by the core).
  bool tick(Clock::time_point now);
  // Answers whatever waits and tells the core the connection ended. Idempotent.
  void end(std::string_view reason);
  // Closed, and the client was told why (a poll or POST got the reason): the next request
  // for the device opens a new session. Until then requests reach this one and get the
  // reason, so a close racing a delivery is never silently papered over.
  bool replaceable() const;

  // ClientLink (core threads).
  bool send(std::string frame) override;
  void close(std::string_view reason) override;

 private:
  struct Buffered {
    std::optional<std::int64_t> cursor;
    std::string frame;
  };
  struct OpenBatch {
    std::shared_ptr<PostBatch> batch;
    std::shared_ptr<sb::HttpResponder> responder;
    Clock::time_point deadline;
  };
  using Answer = std::pair<std::shared_ptr<sb::HttpResponder>, sb::HttpResponse>;

  void feed(std::string_view frame);
  // Under mutex_: the events a poll gets now, as a JSON array; nullopt when there are none.
  // `only_new`: not those an earlier poll carried (once the core ended the session, they
  // come again from the inbox to the next one, and the client must learn why instead).
  std::optional<std::string> take_deliverable(bool only_new = false);
  void route_reply(boost::json::object& reply, std::vector<Answer>& answers);
  void close_locked(std::string_view reason, std::vector<Answer>& answers);
  static void respond(std::vector<Answer>& answers);
  // Under mutex_: the answer telling the client why the session ended; marks it told.
  sb::HttpResponse closed_answer();

  const Config& config_;
  std::recursive_mutex core_mutex_;  // one call into the core at a time
  std::shared_ptr<sb::ClientSession> core_;

  mutable std::mutex mutex_;
  std::deque<Buffered> events_;
  std::size_t buffered_bytes_ = 0;
  std::int64_t acked_ = 0;
  // The highest cursor a poll's answer carried: a poll's cursor beyond it (a client's mistake
  // or malice) must not make this buffer drop events the client was never given.
  std::int64_t delivered_ = 0;
  std::shared_ptr<sb::HttpResponder> poll_;
  Clock::time_point poll_deadline_{};
  std::uint64_t next_batch_ = 0;
  std::map<std::uint64_t, OpenBatch> batches_;
  std::map<std::string, std::pair<std::uint64_t, std::size_t>, std::less<>> waiting_;
  Clock::time_point last_used_;
  bool closed_ = false;  // by the core or end(): nothing more is accepted
  bool close_reported_ = false;
  std::string close_reason_;
  Clock::time_point closed_at_{};
};

}  // namespace transport_longpoll
