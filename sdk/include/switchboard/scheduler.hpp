// SPDX-License-Identifier: Apache-2.0
// Timers and deferred work for plugins. Callbacks run on the kernel's timer thread, one at
// a time: keep them short, or hand long work to a thread of your own.
#pragma once

#include <chrono>
#include <functional>

#include <switchboard/subscription.hpp>

namespace sb {

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Runs `fn` once after `delay` unless the handle is destroyed first.
  [[nodiscard]] virtual Subscription after(std::chrono::milliseconds delay,
                                           std::function<void()> fn) = 0;
  // Runs `fn` every `period` until the handle is destroyed.
  [[nodiscard]] virtual Subscription every(std::chrono::milliseconds period,
                                           std::function<void()> fn) = 0;
  // Runs `fn` soon on the timer thread.
  virtual void post(std::function<void()> fn) = 0;
};

}  // namespace sb
