// SPDX-License-Identifier: Apache-2.0
// The messaging core as the server holds it: finds the AccountStore and SmsProvider among
// the plugins' services, registers the core's HTTP routes and owns the worker pool that
// does the store work. Created after the plugins start, stopped before they stop.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/thread_pool.hpp>
#include <switchboard/http.hpp>
#include <switchboard/log.hpp>
#include <switchboard/services.hpp>
#include <switchboard/subscription.hpp>

#include "kernel/core/access_tokens.hpp"
#include "kernel/core/accounts.hpp"
#include "kernel/host/settings.hpp"

namespace sb::core {

class Core {
 public:
  static constexpr std::size_t kWorkers = 4;

  // Without an AccountStore the auth routes are left out (and a warning logged): the
  // kernel still runs, e.g. with only transport or test plugins. Throws
  // std::runtime_error when <data_dir>/jwt.key cannot be read or created.
  Core(const kernel::AuthSettings& auth, const std::string& data_dir, ServiceRegistry& services,
       HttpRouter& router, Logger& log);
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // Removes the routes and waits for the work already queued. Idempotent.
  void stop();

  // Null when no AccountStore is configured.
  Accounts* accounts() { return accounts_.get(); }

  // Runs `work` on the core's worker pool: where store calls belong.
  void post(std::function<void()> work);

  // See Accounts::verify_access_token; nullopt when no store is configured. May block on
  // the store on a cache miss: call it from a worker (post) or use the async form.
  std::optional<Identity> verify_access_token(std::string_view token);
  // Checks on a worker and calls `done` there.
  void verify_access_token_async(std::string token,
                                 std::function<void(std::optional<Identity>)> done);
  // Drops cached checks for a user's device (or all its devices when `device` is empty),
  // so a revocation or ban takes effect on the next verify.
  void forget(const std::string& user, const std::string& device = {});

 private:
  Logger& log_;
  boost::asio::thread_pool pool_{kWorkers};
  std::unique_ptr<Accounts> accounts_;
  std::vector<Subscription> routes_;
  bool stopped_ = false;
};

}  // namespace sb::core
