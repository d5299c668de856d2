// SPDX-License-Identifier: Apache-2.0
// `migrate-store --from A --to B`: starts the plugins of both deployments (no HTTP server),
// copies every record from A's StoreTransfer service into B's, then reads B back and checks
// that it holds exactly what A held, kind by kind (count and an order-free checksum).
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>

#include <switchboard/services/store_transfer.hpp>

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

// One deployment's plugin instances, started for their StoreTransfer service only.
class Deployment {
 public:
  explicit Deployment(const std::string& path) {
    // Both files are read as written: one set of SB_* overrides cannot fit two configs.
    EnvOverrides env;
    config_ = load_config(path, env);
    logs_ = std::make_unique<LogSink>(config_.log);
    log_ = std::make_unique<SourceLogger>(*logs_, "migrate-store");
    metrics_ = std::make_unique<MetricsRegistry>();
    bus_ = std::make_unique<EventBus>(config_.bus, *log_, *metrics_);
    services_ = std::make_unique<ServiceTable>(config_.services);
    timers_ = std::make_unique<TimerThread>(*log_);
    auto dirs = config_.plugin_dirs.empty() ? default_plugin_dirs() : config_.plugin_dirs;
    loader_ = std::make_unique<PluginLoader>(std::move(dirs));
    host_ = std::make_unique<PluginHost>(KernelParts{*logs_, *bus_, *services_, router_, *metrics_,
                                                     *timers_, config_.server.data_dir},
                                         *loader_);
    host_->prepare(config_, env);
    timers_->start();
    host_->start_all();
    transfer_ = services_->view("migrate-store", {})->get<StoreTransfer>();
    if (!transfer_)
      throw std::runtime_error(
          path +
          ": no plugin instance provides the store-transfer service (store-sqlite and "
          "store-postgres do)");
  }
  ~Deployment() {
    transfer_.reset();
    host_->stop_all();
    bus_->stop();
    timers_->stop();
  }
  StoreTransfer& transfer() { return *transfer_; }

 private:
  // First, so it goes last: the timer thread may still hold a cancelled timer's callback,
  // whose code lives in the plugin, until it is destroyed.
  std::unique_ptr<PluginLoader> loader_;
  KernelConfig config_;
  std::unique_ptr<LogSink> logs_;
  std::unique_ptr<SourceLogger> log_;
  std::unique_ptr<MetricsRegistry> metrics_;
  std::unique_ptr<EventBus> bus_;
  std::unique_ptr<ServiceTable> services_;
  std::unique_ptr<TimerThread> timers_;
  Router router_;
  std::unique_ptr<PluginHost> host_;
  std::shared_ptr<StoreTransfer> transfer_;
};

// Fields of one record joined unambiguously, for the checksum.
class Line {
 public:
  Line& operator<<(const std::string& s) {
    text_ += std::to_string(s.size()) + ':' + s;
    return *this;
  }
  Line& operator<<(std::int64_t v) {
    text_ += '#' + std::to_string(v) + ';';
    return *this;
  }
  Line& operator<<(const std::optional<std::string>& s) {
    if (s) return *this << *s;
    text_ += '~';
    return *this;
  }
  const std::string& str() const { return text_; }

 private:
  std::string text_;
};

// Per kind of record: how many, and the sum of their FNV-1a hashes (order does not count).
class Tally {
 public:
  void add(const TransferBatch& b) {
    for (auto& u : b.users)
      add("users",
          Line() << u.id << u.phone << u.display_name << u.created_ms << std::int64_t{u.banned});
    for (auto& d : b.devices)
      add("devices", Line() << d.user << d.id << d.name << d.created_ms << d.last_seen_ms);
    for (auto& c : b.login_codes)
      add("login_codes",
          Line() << c.phone << c.code_hash << c.expires_ms << std::int64_t{c.attempts});
    for (auto& t : b.refresh_tokens)
      add("refresh_tokens",
          Line() << t.token_hash << t.grant.user << t.grant.device << t.grant.expires_ms);
    for (auto& t : b.messages) {
      auto& m = t.message;
      add("messages", Line() << m.chat << m.seq << m.sender_user << m.sender_device
                             << t.client_msg_id << m.ts << m.kind << m.enc << m.body
                             << t.expires_ms);
    }
    for (auto& i : b.inbox)
      add("inbox", Line() << i.user << i.device << i.cursor << i.kind << i.chat << i.seq << i.body
                          << i.payload << i.ts);
    for (auto& c : b.chat_counters) add("chat_counters", Line() << c.chat << c.last_seq);
    for (auto& c : b.device_counters)
      add("device_counters", Line() << c.user << c.device << c.last_cursor << c.acked_cursor);
    for (auto& r : b.read_marks) add("read_marks", Line() << r.chat << r.user << r.seq);
    for (auto& g : b.groups) {
      Line l;
      l << g.id << g.name << g.policy << g.created_by << g.created_ms;
      for (auto& m : g.members) l << m.user << m.role << m.joined_ms;
      add("groups", l);
    }
    for (auto& d : b.device_keys) {
      auto& k = d.keys;
      Line l;
      l << d.user << d.device << k.identity_key << k.signed_prekey.id << k.signed_prekey.key
        << k.signed_prekey.signature;
      if (k.last_resort)
        l << k.last_resort->id << k.last_resort->key;
      else
        l << std::optional<std::string>();
      auto one_time = k.one_time;
      std::sort(one_time.begin(), one_time.end(),
                [](const PreKey& a, const PreKey& b) { return a.id < b.id; });
      for (auto& o : one_time) l << o.id << o.key;
      add("device_keys", l);
    }
    for (auto& p : b.privacy)
      add("privacy", Line() << p.user << p.settings.last_seen << p.settings.online
                            << p.settings.read_receipts);
    for (auto& p : b.contacts) add("contacts", Line() << p.user << p.other);
    for (auto& p : b.blocks) add("blocks", Line() << p.user << p.other);
    for (auto& j : b.join_seqs) add("join_seqs", Line() << j.group << j.user << j.joined_seq);
    for (auto& e : b.invite_epochs) add("invite_epochs", Line() << e.group << e.epoch);
    for (auto& p : b.group_add_privacy) add("group_add_privacy", Line() << p.user << p.who);
  }
  std::uint64_t total() const {
    std::uint64_t n = 0;
    for (auto& [kind, k] : kinds_) n += k.count;
    return n;
  }

  struct Kind {
    std::uint64_t count = 0, sum = 0;
  };
  const std::map<std::string, Kind>& kinds() const { return kinds_; }

 private:
  void add(const std::string& kind, const Line& line) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : line.str()) h = (h ^ c) * 1099511628211ull;
    auto& k = kinds_[kind];
    k.count++;
    k.sum += h;
  }
  std::map<std::string, Kind> kinds_;
};

}  // namespace

int migrate_store(const CommandLine& cmd) {
  if (cmd.from_config.empty() || cmd.to_config.empty()) {
    std::cerr << "switchboard: migrate-store needs --from FILE and --to FILE\n\n" << usage();
    return 2;
  }
  try {
    std::cout << "migrate-store: from " << cmd.from_config << " to " << cmd.to_config << std::endl;
    Deployment from(cmd.from_config);
    Deployment to(cmd.to_config);
    if (!to.transfer().empty()) {
      std::cerr << "migrate-store: " << cmd.to_config
                << ": the target store is not empty; migrate into a new database\n";
      return 1;
    }
    Tally source, target;
    std::uint64_t batches = 0;
    from.transfer().export_all(cmd.batch_rows, [&](const TransferBatch& b) {
      to.transfer().import_batch(b);
      source.add(b);
      if (++batches % 20 == 0)
        std::cout << "  " << source.total() << " records copied" << std::endl;
    });
    if (source.total() == 0) {
      std::cerr << "migrate-store: " << cmd.from_config
                << ": the source store holds nothing; is this the right config?\n";
      return 1;
    }
    to.transfer().export_all(cmd.batch_rows, [&](const TransferBatch& b) { target.add(b); });

    std::cout << "  " << std::left << std::setw(16) << "kind" << std::right << std::setw(10)
              << "source" << std::setw(10) << "target"
              << "\n";
    bool same = true;
    auto kinds = source.kinds();
    for (auto& [kind, k] : target.kinds()) kinds.try_emplace(kind);
    for (auto& [kind, k] : kinds) {
      auto it = target.kinds().find(kind);
      auto t = it == target.kinds().end() ? Tally::Kind{} : it->second;
      bool ok = t.count == k.count && t.sum == k.sum;
      same = same && ok;
      std::cout << "  " << std::left << std::setw(16) << kind << std::right << std::setw(10)
                << k.count << std::setw(10) << t.count << (ok ? "" : "  MISMATCH") << "\n";
    }
    if (!same) {
      std::cerr << "migrate-store: the target does not hold what the source holds (see "
                   "MISMATCH above)\n";
      return 1;
    }
    std::cout << "migrate-store: verified: " << cmd.to_config << " holds exactly the "
              << source.total() << " records of " << cmd.from_config << " (" << batches
              << " batches)" << std::endl;
    return 0;
  } catch (const ConfigErrors& e) {
    std::cerr << "migrate-store: invalid configuration:\n" << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "migrate-store: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace sb::kernel
