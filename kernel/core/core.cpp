// SPDX-License-Identifier: Apache-2.0
// See core.hpp. Destruction order matters: routes go first (no new work), then the pool is
// joined (no work left running), and only then the Accounts that work refers to.
#include "kernel/core/core.hpp"

#include <boost/asio/post.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/sms.hpp>

#include "kernel/core/auth_routes.hpp"

namespace sb::core {

Core::Core(const kernel::AuthSettings& auth, const std::string& data_dir, ServiceRegistry& services,
           HttpRouter& router, Logger& log)
    : log_(log) {
  auto store = services.get<AccountStore>();
  if (!store) {
    log_.warn(
        "no account store configured (a plugin providing \"account-store\"): the /v1/auth "
        "endpoints are off");
    return;
  }
  auto sms = services.get<SmsProvider>();
  if (!sms && auth.test_numbers.empty())
    log_.warn("no SMS provider configured (a plugin providing \"sms\"): nobody can log in");
  else if (!sms)
    log_.warn("no SMS provider configured: only [auth] test_numbers can log in");
  accounts_ = std::make_unique<Accounts>(auth, std::move(store), std::move(sms),
                                         AccessTokens::load_or_create_key(data_dir), log_);
  routes_ = register_auth_routes(router, *accounts_, pool_, log_);
}

Core::~Core() {
  stop();
}

void Core::stop() {
  if (stopped_) return;
  stopped_ = true;
  routes_.clear();
  pool_.join();
}

void Core::post(std::function<void()> work) {
  boost::asio::post(pool_, std::move(work));
}

std::optional<Identity> Core::verify_access_token(std::string_view token) {
  return accounts_ ? accounts_->verify_access_token(token) : std::nullopt;
}

void Core::verify_access_token_async(std::string token,
                                     std::function<void(std::optional<Identity>)> done) {
  post([this, token = std::move(token), done = std::move(done)] {
    done(verify_access_token(token));
  });
}

void Core::forget(const std::string& user, const std::string& device) {
  if (accounts_) accounts_->forget(user, device);
}

}  // namespace sb::core
