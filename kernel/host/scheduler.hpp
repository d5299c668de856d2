// SPDX-License-Identifier: Apache-2.0
// The kernel's timer thread, behind sb::Scheduler: one Asio io_context and one thread for
// every plugin's timers, so a timer costs memory and never a thread.
#pragma once

#include <memory>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <switchboard/log.hpp>
#include <switchboard/scheduler.hpp>

namespace sb::kernel {

class TimerThread final : public Scheduler {
 public:
  explicit TimerThread(Logger& log);
  ~TimerThread() override;
  void start();
  // Runs what is due no more; pending timers are dropped. Idempotent.
  void stop();

  // After a handle is reset, its callback is not started again, and reset() waits for a
  // call in progress on another thread, so a plugin may be unloaded right after.
  Subscription after(std::chrono::milliseconds delay, std::function<void()> fn) override;
  Subscription every(std::chrono::milliseconds period, std::function<void()> fn) override;
  void post(std::function<void()> fn) override;

 private:
  struct Timer;
  Subscription schedule(std::chrono::milliseconds delay, std::chrono::milliseconds period,
                        std::function<void()> fn);
  void arm(std::shared_ptr<Timer> t, std::chrono::milliseconds delay);
  void run_guarded(const std::function<void()>& fn);

  Logger& log_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace sb::kernel
