// SPDX-License-Identifier: Apache-2.0
// A group commit for store plugins: one writer thread takes whatever queued while its
// previous commit ran (up to max_batch) and hands it to the store's commit function, so
// batches deepen with load by themselves. store-sqlite and store-postgres both run it.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <switchboard/health.hpp>
#include <switchboard/log.hpp>
#include <switchboard/services/store_error.hpp>

namespace sb {

// `Job` is the store's own (a variant of appends, acks...). `commit` runs on the writer
// thread with each batch and reports every job's outcome to its caller itself; a failure it
// cannot report it throws, and the queue logs it and shows it in health().
template <class Job>
class GroupCommit {
 public:
  using Commit = std::function<void(std::vector<Job>& batch)>;

  // `store` names the plugin in messages ("store-sqlite").
  GroupCommit(std::string store, std::size_t max_batch, std::size_t degraded_queue, Logger& log)
      : store_(std::move(store)),
        max_batch_(std::max<std::size_t>(max_batch, 1)),
        degraded_queue_(degraded_queue),
        log_(log) {}
  ~GroupCommit() { stop(); }
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Starts the writer thread. Call once, when everything `commit` uses is ready.
  void start(Commit commit) {
    commit_ = std::move(commit);
    thread_ = std::thread([this] { run(); });
  }

  // Queues (moves from) the job; or leaves it and returns why not: the writer is stopping,
  // or `limit` jobs already wait (admission control: the caller refuses at once).
  std::optional<StoreError> enqueue(Job& job,
                                    std::size_t limit = std::numeric_limits<std::size_t>::max()) {
    std::lock_guard lock(mutex_);
    if (stopping_)
      return StoreError(StoreError::Kind::unavailable, "message store: the writer has stopped");
    if (queue_.size() >= limit)
      return StoreError(StoreError::Kind::unavailable,
                        "the message store is overloaded: " + std::to_string(queue_.size()) +
                            " writes waiting (" + store_ + " max_queue " + std::to_string(limit) +
                            "); retry");
    queue_.push_back(std::move(job));
    ++enqueued_;
    wake_.notify_one();
    return std::nullopt;
  }

  // Returns once every job queued before the call has been committed (or failed).
  void flush() {
    std::unique_lock lock(mutex_);
    auto target = enqueued_;
    progressed_.wait(lock, [&] { return processed_ >= target || stopped_; });
  }

  // Commits what is queued, then joins the thread. Later jobs are refused. Idempotent; the
  // owner calls it before anything `commit` uses goes away.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // What the last commit's outcome was: shown by health() until a commit succeeds.
  void failed(std::string why) {
    std::lock_guard lock(mutex_);
    last_error_ = std::move(why);
  }
  void succeeded() {
    std::lock_guard lock(mutex_);
    last_error_.clear();
  }

  Health health() const {
    std::lock_guard lock(mutex_);
    if (stopped_) return Health::failed("the message writer has stopped");
    if (!last_error_.empty()) return Health::degraded("last commit failed: " + last_error_);
    if (queue_.size() > degraded_queue_)
      return Health::degraded(std::to_string(queue_.size()) + " appends waiting for the writer");
    return Health::ok();
  }
  std::size_t queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }
  std::uint64_t batches() const {
    std::lock_guard lock(mutex_);
    return batches_;
  }

 private:
  void run() {
    std::vector<Job> batch;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return !queue_.empty() || stopping_; });
        if (queue_.empty()) break;
        auto n = std::min(queue_.size(), max_batch_);
        batch.clear();
        for (std::size_t i = 0; i < n; ++i) batch.push_back(std::move(queue_[i]));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      }
      try {
        commit_(batch);
      } catch (const std::exception& e) {
        log_.error("message writer failed", {{"error", e.what()}});
        failed(e.what());
      }
      {
        std::lock_guard lock(mutex_);
        processed_ += batch.size();
        ++batches_;
      }
      progressed_.notify_all();
    }
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    progressed_.notify_all();
  }

  const std::string store_;
  const std::size_t max_batch_;
  const std::size_t degraded_queue_;
  Logger& log_;
  Commit commit_;

  mutable std::mutex mutex_;
  std::condition_variable wake_, progressed_;
  std::deque<Job> queue_;
  std::uint64_t enqueued_ = 0, processed_ = 0, batches_ = 0;
  bool stopping_ = false, stopped_ = false;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace sb
