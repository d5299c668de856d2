// SPDX-License-Identifier: Apache-2.0
// Login sessions in memory: an opaque id (the sb_admin cookie) -> the admin's name and the
// session's CSRF token, with idle and absolute timeouts. A restart logs everyone out.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sb::admin {

struct LoginSession {
  std::string name;
  std::string csrf;
  std::string hash;  // the password hash at login: a changed password ends the session
};

class Sessions {
 public:
  using Clock = std::chrono::steady_clock;
  Sessions(std::chrono::seconds idle, std::chrono::seconds absolute)
      : idle_(idle), absolute_(absolute) {}

  void set_timeouts(std::chrono::seconds idle, std::chrono::seconds absolute) {
    std::lock_guard lock(mutex_);
    idle_ = idle;
    absolute_ = absolute;
  }
  // Returns {id, csrf}.
  std::pair<std::string, std::string> create(const std::string& name, const std::string& hash);
  // The session, touched; nullopt when unknown or timed out (then removed).
  std::optional<LoginSession> use(const std::string& id);
  void end(const std::string& id);
  // Ends every session of an admin (removed, or password changed).
  void end_all(const std::string& name);

 private:
  struct Entry {
    LoginSession s;
    Clock::time_point created, last;
  };
  void sweep_locked(Clock::time_point now);

  std::chrono::seconds idle_, absolute_;
  std::mutex mutex_;
  std::map<std::string, Entry> by_id_;
};

// Failed logins per key (an address or an account) in a sliding window.
class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  LoginLimiter(int max_failures, std::chrono::seconds window)
      : max_(max_failures), window_(window) {}
  void set_limits(int max_failures, std::chrono::seconds window) {
    std::lock_guard lock(mutex_);
    max_ = max_failures;
    window_ = window;
  }
  // Seconds until a try is allowed again; 0: allowed now.
  int retry_after(const std::string& key);
  void failed(const std::string& key);
  void succeeded(const std::string& key);

 private:
  int max_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::vector<Clock::time_point>> failures_;
};

}  // namespace sb::admin
