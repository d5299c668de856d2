// SPDX-License-Identifier: Apache-2.0
// Timers on one Asio thread. A callback that throws is logged and does not stop the thread.
#include "kernel/host/scheduler.hpp"

#include <atomic>
#include <mutex>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace sb::kernel {

struct TimerThread::Timer {
  explicit Timer(boost::asio::io_context& io) : timer(io) {}
  boost::asio::steady_timer timer;
  std::function<void()> fn;
  std::chrono::milliseconds period{0};
  // Held while the callback runs; recursive so that a callback may cancel its own timer.
  std::recursive_mutex running;
  std::atomic<bool> cancelled{false};
};

TimerThread::TimerThread(Logger& log) : log_(log), work_(io_.get_executor()) {}

TimerThread::~TimerThread() {
  stop();
}

void TimerThread::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { io_.run(); });
}

void TimerThread::stop() {
  work_.reset();
  io_.stop();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

namespace {
thread_local bool in_callback = false;
}  // namespace

void TimerThread::run_guarded(const std::function<void()>& fn) {
  struct Flag {
    Flag() { in_callback = true; }
    ~Flag() { in_callback = false; }
  } flag;
  try {
    fn();
  } catch (const std::exception& e) {
    log_.error("timer callback threw", {{"error", e.what()}});
  } catch (...) {
    log_.error("timer callback threw a non-exception");
  }
}

Subscription TimerThread::after(std::chrono::milliseconds delay, std::function<void()> fn) {
  return schedule(delay, std::chrono::milliseconds{0}, std::move(fn));
}

Subscription TimerThread::every(std::chrono::milliseconds period, std::function<void()> fn) {
  if (period.count() <= 0) throw std::invalid_argument("Scheduler::every: period must be > 0");
  return schedule(period, period, std::move(fn));
}

void TimerThread::post(std::function<void()> fn) {
  boost::asio::post(io_, [this, fn = std::move(fn)] { run_guarded(fn); });
}

Subscription TimerThread::schedule(std::chrono::milliseconds delay,
                                   std::chrono::milliseconds period, std::function<void()> fn) {
  auto t = std::make_shared<Timer>(io_);
  t->fn = std::move(fn);
  t->period = period;
  // Arm on the timer thread: steady_timer is not safe to touch from two threads.
  boost::asio::post(io_, [this, t, delay] { arm(t, delay); });
  std::weak_ptr<Timer> weak = t;
  return Subscription([this, weak] {
    auto t = weak.lock();
    if (!t) return;
    t->cancelled = true;
    std::lock_guard wait_for_running_call(t->running);
    // The callback belongs to the plugin: drop it now, while its library is surely loaded,
    // unless this is the callback cancelling itself (then it goes right after it returns).
    if (!in_callback) t->fn = nullptr;
    boost::asio::post(io_, [t] {
      t->timer.cancel();
      t->fn = nullptr;
    });
  });
}

void TimerThread::arm(std::shared_ptr<Timer> t, std::chrono::milliseconds delay) {
  if (t->cancelled) return;
  t->timer.expires_after(delay);
  t->timer.async_wait([this, t](boost::system::error_code ec) {
    if (ec || t->cancelled) return;
    {
      std::lock_guard lock(t->running);
      if (t->cancelled) return;
      run_guarded(t->fn);
    }
    if (t->period.count() > 0) arm(t, t->period);
  });
}

}  // namespace sb::kernel
