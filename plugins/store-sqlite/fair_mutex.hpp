// SPDX-License-Identifier: Apache-2.0
// A first-come, first-served mutex for the write lock. The writer thread commits
// batch after batch and takes std::mutex again the moment it lets go; on busy cores a pooled
// write (a group created, a read mark, a device's last seen) waiting for it could starve for
// seconds. Tickets give each waiter its turn in arrival order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace sb::store_sqlite {

class FairMutex {
 public:
  void lock() {
    std::unique_lock lock(mutex_);
    auto ticket = next_ticket_++;
    turn_changed_.wait(lock, [&] { return serving_ == ticket; });
  }
  void unlock() {
    {
      std::lock_guard lock(mutex_);
      ++serving_;
    }
    turn_changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable turn_changed_;
  std::uint64_t next_ticket_ = 0;
  std::uint64_t serving_ = 0;
};

}  // namespace sb::store_sqlite
