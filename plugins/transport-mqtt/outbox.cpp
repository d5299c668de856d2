// SPDX-License-Identifier: Apache-2.0
// See outbox.hpp. Self-clocked: an idle device's frame goes out at once (no added latency); a
// busy one's frames gather for one broker round trip, which is what batching costs. Without
// batching frames are published as they come, pipelined, as before.
#include "outbox.hpp"

namespace transport_mqtt {

void Outbox::send(std::string frame) {
  std::unique_lock lock(mutex_);
  if (!batching_ && !in_flight_ && waiting_.empty()) {
    lock.unlock();
    broker_.publish(topic_, frame);  // pipelined, one message per frame
    return;
  }
  waiting_.push_back(std::move(frame));
  if (!in_flight_) publish_next(lock);
}

void Outbox::set_batching(bool on) {
  std::lock_guard lock(mutex_);
  batching_ = on;
}

void Outbox::published(bool) {
  // A failed publish is dropped as before: the connection is going, and with it the session;
  // what it carried is still in the device's inbox.
  std::unique_lock lock(mutex_);
  in_flight_ = false;
  if (!waiting_.empty()) publish_next(lock);
}

void Outbox::publish_next(std::unique_lock<std::mutex>& lock) {
  std::string payload = std::move(waiting_.front());
  waiting_.pop_front();
  if (batching_) {
    std::size_t bytes = payload.size();
    for (auto& f : waiting_) bytes += f.size() + 1;
    payload.reserve(bytes);
    for (auto& f : waiting_) {
      payload += '\n';
      payload += f;
    }
    waiting_.clear();
  }
  in_flight_ = true;
  lock.unlock();
  // May call published() at once (refused): the lock is not held.
  broker_.publish(topic_, payload, shared_from_this());
}

}  // namespace transport_mqtt
