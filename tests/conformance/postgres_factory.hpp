// SPDX-License-Identifier: Apache-2.0
// The store-postgres StoreFactory: the real .so through the kernel's plugin host, configured
// by a TOML [plugin.store] table, on a fresh database (sbtest_<random>) of the server named by
// SB_TEST_PG_DSN, dropped when the factory goes. Two factories can share one database: two
// nodes.
#pragma once

#include <unistd.h>

#include <optional>
#include <random>

#include "kernel/host/config.hpp"
#include "kernel/host/event_bus.hpp"
#include "kernel/host/http/router.hpp"
#include "kernel/host/log.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/scheduler.hpp"
#include "kernel/host/service_registry.hpp"
#include "pg_admin.hpp"
#include "store_factory.hpp"

namespace sb::conformance {

class PostgresFactory final : public StoreFactory {
 public:
  // `extra`: more keys for [plugin.store], one per line.
  explicit PostgresFactory(std::string extra = {})
      : extra_(std::move(extra)), admin_dsn_(pg_test_dsn()) {
    std::random_device random;
    database_ = "sbtest_" + std::to_string(::getpid()) + "_" + std::to_string(random());
    pg_admin_exec(admin_dsn_, "CREATE DATABASE " + database_);
    owns_database_ = true;
  }
  ~PostgresFactory() override {
    close();
    if (!owns_database_) return;
    try {
      pg_admin_exec(admin_dsn_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // scripts/pg removes the whole cluster afterwards anyway.
    }
  }

  StoreSet open() override {
    using namespace sb::kernel;
    std::string text = "[plugins]\ndirs = [\"" SB_CONFORMANCE_PLUGIN_DIR
                       "\"]\n"
                       "[plugin.store]\nuse = \"store-postgres\"\ndsn = \"" +
                       toml_escape(dsn_override_ ? *dsn_override_ : dsn()) + "\"\n" + defaults() +
                       extra_ + "\n";
    EnvOverrides env;
    config_ = load_config_string(text, "conformance.toml", env);
    host_ = std::make_unique<PluginHost>(
        KernelParts{logs_, bus_, services_, router_, metrics_, timers_, "/tmp"}, loader_);
    host_->prepare(config_, env);
    host_->start_all();
    auto view = services_.view("conformance", {});
    return {view->get<AccountStore>(), view->get<MessageStore>(), view->get<GroupStore>(),
            view->get<KeyStore>(),     view->get<SocialStore>(),  view->get<MessageAcks>(),
            view->get<PushStore>(),    view->get<Directory>(),    view->get<GroupAccess>(),
            view->get<ProfileStore>(), view->get<StatusStore>(),  view->get<ChatListStore>(),
            view->get<MediaIndex>()};
  }

  void close() override {
    if (!host_) return;
    host_->stop_all();
    host_.reset();
  }

  // The DSN of this factory's database.
  std::string dsn() const { return pg_dsn_for(admin_dsn_, database_); }
  // Points the plugin elsewhere (an unreachable server, a DSN that does not parse).
  void use_dsn(std::string dsn) { dsn_override_ = std::move(dsn); }
  const std::string& database() const { return database_; }
  // Opens another factory's database instead of its own (which it then drops at once).
  void use_database_of(const PostgresFactory& other) {
    if (owns_database_)
      pg_admin_exec(admin_dsn_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    owns_database_ = false;
    database_ = other.database_;
  }
  std::string health_state() const {
    auto d = host_->describe();
    return std::string(d.at(0).at("health").at("state").as_string());
  }
  template <class S>
  std::shared_ptr<S> service() {
    return services_.view("conformance", {})->get<S>();
  }

  // Small pools and batches, as SqliteFactory uses; a key `extra` sets wins.
  std::string defaults() const {
    std::string out;
    for (auto line : {"pool_size = 4", "max_batch = 64"}) {
      std::string key = std::string(line).substr(0, std::string(line).find(' '));
      if (extra_.find(key + " ") == std::string::npos &&
          extra_.find(key + "=") == std::string::npos)
        out += std::string(line) + "\n";
    }
    return out;
  }

  static std::string toml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out;
  }

 private:
  std::string extra_;
  std::string admin_dsn_;
  std::string database_;
  std::optional<std::string> dsn_override_;
  bool owns_database_ = false;
  // First, so it goes last: the timer thread may still hold a cancelled timer's callback,
  // whose code lives in the plugin, until it is destroyed.
  kernel::PluginLoader loader_{{SB_CONFORMANCE_PLUGIN_DIR}};
  kernel::LogSink logs_{{"error", kernel::LogFormat::text}};
  kernel::SourceLogger log_{logs_, "conformance"};
  kernel::MetricsRegistry metrics_;
  kernel::EventBus bus_{kernel::BusSettings{}, log_, metrics_};
  kernel::ServiceTable services_;
  kernel::Router router_;
  kernel::TimerThread timers_{log_};
  kernel::KernelConfig config_;
  std::unique_ptr<kernel::PluginHost> host_;
};

}  // namespace sb::conformance
