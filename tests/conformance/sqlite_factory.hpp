// SPDX-License-Identifier: Apache-2.0
// The store-sqlite StoreFactory: the real .so through the kernel's plugin host, configured
// by a TOML [plugin.store] table, on a fresh temp folder.
#pragma once

#include <cstdlib>
#include <filesystem>

#include "kernel/host/config.hpp"
#include "kernel/host/event_bus.hpp"
#include "kernel/host/http/router.hpp"
#include "kernel/host/log.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/scheduler.hpp"
#include "kernel/host/service_registry.hpp"
#include "store_factory.hpp"

namespace sb::conformance {

class SqliteFactory final : public StoreFactory {
 public:
  // `extra`: more keys for [plugin.store], one per line.
  explicit SqliteFactory(std::string extra = {}) : extra_(std::move(extra)) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sb-conformance-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
  }
  ~SqliteFactory() override {
    close();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  StoreSet open() override {
    using namespace sb::kernel;
    std::string text = "[plugins]\ndirs = [\"" SB_CONFORMANCE_PLUGIN_DIR
                       "\"]\n"
                       "[plugin.store]\nuse = \"store-sqlite\"\npath = \"" +
                       db_path() + "\"\ncache_mb = 16\nread_cache_mb = 4\nmax_batch = 64\n" +
                       extra_ + "\n";
    EnvOverrides env;
    config_ = load_config_string(text, "conformance.toml", env);
    host_ = std::make_unique<PluginHost>(
        KernelParts{logs_, bus_, services_, router_, metrics_, timers_, dir_.string()}, loader_);
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

  std::string db_path() const { return db_path_.empty() ? (dir_ / "db").string() : db_path_; }
  // Opens another factory's database instead of this one's.
  void use_db_path(std::string path) { db_path_ = std::move(path); }
  // The plugin's health as the kernel reports it: "ok", "degraded" or "failed".
  std::string health_state() const {
    auto d = host_->describe();
    return std::string(d.at(0).at("health").at("state").as_string());
  }

 private:
  std::string extra_;
  std::string db_path_;
  std::filesystem::path dir_;
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
