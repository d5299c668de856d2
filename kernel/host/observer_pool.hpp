// SPDX-License-Identifier: Apache-2.0
// The event bus's observer workers: a fixed set of threads, each with its own bounded FIFO,
// so a handler pinned to one worker sees events in publish order and publish never blocks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sb::kernel::detail {

struct Handler;
struct Publisher;

// One event for one observer. Members are released in reverse order: the event (whose
// deleter may live in the publisher's shared object) before anything else.
struct Delivery {
  std::shared_ptr<Handler> handler;
  Publisher* publisher = nullptr;
  std::shared_ptr<const void> event;
};

class ObserverPool {
 public:
  using Callback = std::function<void(Delivery&)>;

  // `deliver` runs each queued delivery on its worker; `discard` gets those left over when
  // stop() runs out of time. Both must leave the delivery empty.
  ObserverPool(std::size_t threads, std::size_t capacity, Callback deliver, Callback discard);
  ~ObserverPool();
  ObserverPool(const ObserverPool&) = delete;
  ObserverPool& operator=(const ObserverPool&) = delete;

  std::size_t size() const { return workers_.size(); }
  // Moves `d` into the worker's queue, or leaves it untouched and returns false when that
  // queue is full or the pool has stopped.
  bool try_push(std::size_t worker, Delivery& d);
  // Lets the workers drain their queues until `drain` has passed, discards what is left and
  // joins them. A call in progress is waited for, however long it takes. Idempotent.
  void stop(std::chrono::milliseconds drain);

 private:
  struct Worker {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Delivery> queue;
    bool stopping = false;
    std::thread thread;
  };

  void run(Worker& w);

  std::size_t capacity_;
  Callback deliver_;
  Callback discard_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::mutex stop_mutex_;
  bool stopped_ = false;
  std::chrono::steady_clock::time_point drain_deadline_;  // written before `stopping`
};

}  // namespace sb::kernel::detail
