// SPDX-License-Identifier: Apache-2.0
// A queue of jobs run by its own threads in order: one thread gives a bot its strand (a Lua
// state is not thread-safe), a few serve the blocking HTTP requests.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace bots_lua {

class WorkQueue {
 public:
  // `limit` bounds the jobs waiting; post() refuses more.
  explicit WorkQueue(int threads = 1, std::size_t limit = 100000);
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // False when stopped or full.
  bool post(std::function<void()> job);
  // Lets the running jobs finish, drops the waiting ones and joins. Safe to call twice.
  void stop();
  // True on one of this queue's threads.
  bool on_worker() const;

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::size_t limit_;
  bool stopped_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace bots_lua
