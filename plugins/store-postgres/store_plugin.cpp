// SPDX-License-Identifier: Apache-2.0
// See store_plugin.hpp.
#include "store_plugin.hpp"

#include <libpq-fe.h>

#include <stdexcept>

#include "directory.hpp"
#include "media_index.hpp"
#include "social_stores.hpp"
#include "stores.hpp"

namespace sb::store_postgres {
namespace {

// Refuses a DSN libpq cannot parse before anything tries to connect with it.
void check_dsn(const std::string& dsn) {
  if (dsn.empty()) return;
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  if (options) {
    PQconninfoFree(options);
    return;
  }
  std::string why = error ? error : "cannot parse";
  if (error) PQfreemem(error);
  while (!why.empty() && why.back() == '\n') why.pop_back();
  throw std::invalid_argument("dsn: " + why);
}

}  // namespace

StorePlugin::~StorePlugin() {
  stop();
}

void StorePlugin::start(const Config& config, sb::Context& ctx) {
  check_dsn(config.dsn);
  // The writer connects first and migrates before any other connection reads.
  writer_ = std::make_shared<MessageWriter>(config, ctx.log());
  pool_ = std::make_shared<Pool>(ConnectionSettings::from(config),
                                 static_cast<std::size_t>(config.pool_size));

  auto& services = ctx.services();
  auto messages = std::make_shared<PgMessageStore>(writer_, pool_);
  services.provide<MessageStore>(messages);
  services.provide<MessageAcks>(messages);
  services.provide<AccountStore>(std::make_shared<PgAccountStore>(pool_));
  services.provide<GroupStore>(std::make_shared<PgGroupStore>(pool_));
  services.provide<GroupAccess>(std::make_shared<PgGroupAccess>(pool_));
  services.provide<KeyStore>(std::make_shared<PgKeyStore>(pool_));
  services.provide<SocialStore>(std::make_shared<PgSocialStore>(pool_));
  services.provide<PushStore>(std::make_shared<PgPushStore>(pool_));
  services.provide<MediaIndex>(std::make_shared<PgMediaIndex>(pool_));
  services.provide<StoreTransfer>(std::make_shared<PgStoreTransfer>(pool_));
  services.provide<Directory>(std::make_shared<PgDirectory>(pool_));
  services.provide<ProfileStore>(std::make_shared<PgProfileStore>(pool_));
  services.provide<StatusStore>(std::make_shared<PgStatusStore>(pool_));
  services.provide<ChatListStore>(std::make_shared<PgChatListStore>(pool_));

  auto* writer = writer_.get();
  sb::Labels labels{{"instance", std::string(ctx.instance_id())}};
  auto& queued =
      ctx.metrics().gauge("sb_store_postgres_queue", "Appends waiting for the writer.", labels);
  auto& batches =
      ctx.metrics().counter("sb_store_postgres_batches_total",
                            "Group commits (transactions) of the message writer.", labels);
  ctx.hold(ctx.scheduler().every(std::chrono::seconds(1),
                                 [writer, &queued, &batches, seen = std::uint64_t{0}]() mutable {
                                   queued.set(static_cast<double>(writer->queued()));
                                   auto now = writer->batches();
                                   batches.inc(static_cast<double>(now - seen));
                                   seen = now;
                                 }));
  ctx.log().info("postgres store open", {{"pool_size", config.pool_size}});
}

void StorePlugin::drain() {
  if (writer_) writer_->flush();
}

void StorePlugin::stop() {
  // Users of the services may still hold them; they then get `unavailable` on append.
  if (writer_) writer_->stop();
}

Health StorePlugin::health() const {
  if (!writer_) return Health::failed("database not open");
  return writer_->health();
}

}  // namespace sb::store_postgres
