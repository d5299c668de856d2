// SPDX-License-Identifier: Apache-2.0
// Observer workers: one mutex and condition variable per worker, so publishers contend only
// with the one worker they hand an event to.
#include "kernel/host/observer_pool.hpp"

#include <algorithm>

namespace sb::kernel::detail {

ObserverPool::ObserverPool(std::size_t threads, std::size_t capacity, Callback deliver,
                           Callback discard)
    : capacity_(std::max<std::size_t>(capacity, 1)),
      deliver_(std::move(deliver)),
      discard_(std::move(discard)) {
  threads = std::max<std::size_t>(threads, 1);
  for (std::size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>());
  for (auto& w : workers_) w->thread = std::thread([this, &worker = *w] { run(worker); });
}

ObserverPool::~ObserverPool() {
  stop(std::chrono::milliseconds(0));
}

bool ObserverPool::try_push(std::size_t worker, Delivery& d) {
  auto& w = *workers_[worker % workers_.size()];
  {
    std::lock_guard lock(w.mutex);
    if (w.stopping || w.queue.size() >= capacity_) return false;
    w.queue.push_back(std::move(d));
  }
  w.wake.notify_one();
  return true;
}

void ObserverPool::stop(std::chrono::milliseconds drain) {
  std::lock_guard stop_lock(stop_mutex_);
  if (stopped_) return;
  stopped_ = true;
  drain_deadline_ = std::chrono::steady_clock::now() + drain;
  for (auto& w : workers_) {
    {
      std::lock_guard lock(w->mutex);
      w->stopping = true;
    }
    w->wake.notify_all();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

void ObserverPool::run(Worker& w) {
  for (;;) {
    Delivery d;
    {
      std::unique_lock lock(w.mutex);
      w.wake.wait(lock, [&] { return !w.queue.empty() || w.stopping; });
      if (w.queue.empty()) return;
      if (w.stopping && std::chrono::steady_clock::now() >= drain_deadline_) {
        auto rest = std::move(w.queue);
        w.queue.clear();
        lock.unlock();
        for (auto& r : rest) discard_(r);
        return;
      }
      d = std::move(w.queue.front());
      w.queue.pop_front();
    }
    deliver_(d);
  }
}

}  // namespace sb::kernel::detail
