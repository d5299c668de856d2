// SPDX-License-Identifier: Apache-2.0
// See work_queue.hpp.
#include "work_queue.hpp"

#include <algorithm>

namespace bots_lua {

WorkQueue::WorkQueue(int threads, std::size_t limit) : limit_(limit) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkQueue::~WorkQueue() {
  stop();
}

bool WorkQueue::post(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  if (stopped_ || jobs_.size() >= limit_) return false;
  jobs_.push_back(std::move(job));
  wake_.notify_one();
  return true;
}

void WorkQueue::stop() {
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    dropped.swap(jobs_);
    wake_.notify_all();
  }
  for (auto& t : threads_) {
    if (!t.joinable()) continue;
    if (t.get_id() == std::this_thread::get_id())
      t.detach();  // a job that ends its own queue; the thread exits when the job returns
    else
      t.join();
  }
}

bool WorkQueue::on_worker() const {
  auto me = std::this_thread::get_id();
  return std::any_of(threads_.begin(), threads_.end(),
                     [&](const std::thread& t) { return t.get_id() == me; });
}

void WorkQueue::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopped_ || !jobs_.empty(); });
      if (stopped_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job();
    } catch (...) {
      // Jobs report their own errors; one that escapes must not end the thread.
    }
  }
}

}  // namespace bots_lua
