// SPDX-License-Identifier: Apache-2.0
// `switchboard admin add|list|remove|passwd`: manages admin accounts through the
// AdminAccounts service of whichever configured plugin provides it (the admin plugin),
// started on its own, without the HTTP server. Works while the server runs: the accounts
// live in a file the running server re-reads.
#include <algorithm>
#include <iostream>
#include <random>

#include <openssl/rand.h>
#include <switchboard/services/admin_accounts.hpp>

#include "kernel/commands/commands.hpp"
#include "kernel/host/config.hpp"
#include "kernel/host/event_bus.hpp"
#include "kernel/host/http/router.hpp"
#include "kernel/host/log.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/scheduler.hpp"
#include "kernel/host/service_registry.hpp"

namespace sb::kernel {
namespace {

std::string generated_password() {
  static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes");
  std::string out;
  for (auto b : bytes) out += alphabet[b % (sizeof alphabet - 1)];
  return out;
}

// The instances of one config that provide AdminAccounts, started for that service only.
class AccountsHost {
 public:
  explicit AccountsHost(const std::string& path) {
    env_ = EnvOverrides::from_process();
    config_ = load_config(path, env_);
    logs_ = std::make_unique<LogSink>(LogSettings{"error", LogFormat::text});
    log_ = std::make_unique<SourceLogger>(*logs_, "admin");
    metrics_ = std::make_unique<MetricsRegistry>();
    bus_ = std::make_unique<EventBus>(config_.bus, *log_, *metrics_);
    services_ = std::make_unique<ServiceTable>(config_.services);
    timers_ = std::make_unique<TimerThread>(*log_);
    auto dirs = config_.plugin_dirs.empty() ? default_plugin_dirs() : config_.plugin_dirs;
    loader_ = std::make_unique<PluginLoader>(std::move(dirs));
    // Keep only the providers: the others (stores, transports) must not start here.
    std::erase_if(config_.instances, [&](InstanceConfig& ic) {
      bool keep = false;
      if (ic.enabled) {
        try {
          auto& p = loader_->load(ic.plugin)->manifest.provides;
          keep = std::find(p.begin(), p.end(), AdminAccounts::service_name) != p.end();
        } catch (const std::exception&) {
        }
      }
      if (!keep) env_.consume_under("plugin." + ic.id);
      return !keep;
    });
    if (config_.instances.empty())
      throw std::runtime_error(path +
                               ": no enabled plugin instance provides admin accounts; add "
                               "[plugin.admin] to the config");
    host_ = std::make_unique<PluginHost>(KernelParts{*logs_, *bus_, *services_, router_, *metrics_,
                                                     *timers_, config_.server.data_dir},
                                         *loader_);
    host_->prepare(config_, env_);
    timers_->start();
    host_->start_all();
    accounts_ = services_->view("admin-cli", {})->get<AdminAccounts>();
  }
  ~AccountsHost() {
    accounts_.reset();
    host_->stop_all();
    bus_->stop();
    timers_->stop();
  }
  AdminAccounts& accounts() { return *accounts_; }
  const KernelConfig& config() const { return config_; }

 private:
  std::unique_ptr<PluginLoader> loader_;  // first, so it is destroyed last
  EnvOverrides env_;
  KernelConfig config_;
  std::unique_ptr<LogSink> logs_;
  std::unique_ptr<SourceLogger> log_;
  std::unique_ptr<MetricsRegistry> metrics_;
  std::unique_ptr<EventBus> bus_;
  std::unique_ptr<ServiceTable> services_;
  std::unique_ptr<TimerThread> timers_;
  Router router_;
  std::unique_ptr<PluginHost> host_;
  std::shared_ptr<AdminAccounts> accounts_;
};

std::string read_password_line() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

}  // namespace

int admin_command(const CommandLine& cmd) {
  auto usage_error = [] {
    std::cerr << "usage: switchboard admin add NAME [--role owner|operator|viewer] "
                 "[--password-stdin]\n"
                 "       switchboard admin list\n"
                 "       switchboard admin remove NAME\n"
                 "       switchboard admin passwd NAME [--password-stdin]\n";
    return 2;
  };
  if (cmd.rest.empty()) return usage_error();
  const auto& verb = cmd.rest[0];
  bool needs_name = verb == "add" || verb == "remove" || verb == "passwd";
  if ((needs_name && cmd.rest.size() != 2) || (verb == "list" && cmd.rest.size() != 1) ||
      (!needs_name && verb != "list"))
    return usage_error();
  try {
    AccountsHost host(resolve_config_path(cmd));
    auto& accounts = host.accounts();
    if (verb == "list") {
      for (auto& a : accounts.list()) std::cout << a.name << "\t" << a.role << "\n";
      return 0;
    }
    const auto& name = cmd.rest[1];
    if (verb == "remove") {
      accounts.remove(name);
      std::cout << "removed admin " << name << "\n";
      return 0;
    }
    bool generated = !cmd.password_stdin;
    auto password = generated ? generated_password() : read_password_line();
    if (verb == "add") {
      accounts.add(name, cmd.role.empty() ? "owner" : cmd.role, password);
      std::cout << "added admin " << name << " (" << (cmd.role.empty() ? "owner" : cmd.role)
                << ")\n";
    } else {
      accounts.set_password(name, password);
      std::cout << "changed the password of " << name << "; their sessions ended\n";
    }
    if (generated)
      std::cout << "password (shown once, store it now): " << password << "\n"
                << "log in at http://<host>:<port>/admin\n";
    return 0;
  } catch (const std::invalid_argument& e) {
    std::cerr << "admin " << verb << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "admin " << verb << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sb::kernel
