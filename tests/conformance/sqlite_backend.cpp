// SPDX-License-Identifier: Apache-2.0
// The conformance suite against store-sqlite, loaded as deployed: the real .so through the
// kernel's plugin host, configured by a TOML [plugin.store] table, on a fresh temp folder.
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
namespace {

using namespace sb::kernel;

class SqliteFactory final : public StoreFactory {
 public:
  SqliteFactory() {
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
    std::string text = "[plugins]\ndirs = [\"" SB_CONFORMANCE_PLUGIN_DIR
                       "\"]\n"
                       "[plugin.store]\nuse = \"store-sqlite\"\npath = \"" +
                       (dir_ / "db").string() + "\"\ncache_mb = 16\nmax_batch = 64\n";
    EnvOverrides env;
    config_ = load_config_string(text, "conformance.toml", env);
    host_ = std::make_unique<PluginHost>(
        KernelParts{logs_, bus_, services_, router_, metrics_, timers_, dir_.string()}, loader_);
    host_->prepare(config_, env);
    host_->start_all();
    auto view = services_.view("conformance", {});
    return {view->get<AccountStore>(), view->get<MessageStore>(), view->get<GroupStore>(),
            view->get<KeyStore>(), view->get<SocialStore>()};
  }

  void close() override {
    if (!host_) return;
    host_->stop_all();
    host_.reset();
  }

 private:
  std::filesystem::path dir_;
  LogSink logs_{{"error", LogFormat::text}};
  SourceLogger log_{logs_, "conformance"};
  MetricsRegistry metrics_;
  EventBus bus_{BusSettings{}, log_, metrics_};
  ServiceTable services_;
  Router router_;
  TimerThread timers_{log_};
  PluginLoader loader_{{SB_CONFORMANCE_PLUGIN_DIR}};
  KernelConfig config_;
  std::unique_ptr<PluginHost> host_;
};

Backend sqlite_backend() {
  return {"sqlite", [] { return std::make_unique<SqliteFactory>(); }};
}

}  // namespace

SB_INSTANTIATE_STORE_CONFORMANCE(sqlite);

}  // namespace sb::conformance
