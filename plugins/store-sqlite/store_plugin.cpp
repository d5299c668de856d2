// SPDX-License-Identifier: Apache-2.0
// See store_plugin.hpp.
#include "store_plugin.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "directory.hpp"
#include "kv_store.hpp"
#include "media_index.hpp"
#include "social_stores.hpp"
#include "stores.hpp"

namespace sb::store_sqlite {

StorePlugin::~StorePlugin() {
  stop();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void StorePlugin::lock_database() {
  auto lock_path = path_ + ".lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0)
    throw std::runtime_error("cannot open " + lock_path + ": " + std::strerror(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
    throw std::runtime_error("database " + path_ + " is in use by another process (" + lock_path +
                             " is locked)");
}

void StorePlugin::start(const Config& config, sb::Context& ctx) {
  auto pages = config.page_size;
  if ((pages & (pages - 1)) != 0)
    throw std::invalid_argument("page_size must be a power of two, not " + std::to_string(pages));
  path_ = config.path.empty() ? ctx.data_dir() + "/switchboard.db" : config.path;
  auto parent = std::filesystem::path(path_).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) throw std::runtime_error("cannot create " + parent.string() + ": " + ec.message());

  // Two processes would each count seq and cursors on their own and hand out the same ones.
  lock_database();
  // The writer opens first: it runs the migrations before any other connection reads.
  auto write_lock = std::make_shared<FairMutex>();
  writer_ = std::make_shared<MessageWriter>(path_, config, write_lock, ctx.log());
  pool_ = std::make_shared<Pool>(path_, config, write_lock);

  auto& services = ctx.services();
  auto messages = std::make_shared<SqliteMessageStore>(writer_, pool_);
  services.provide<MessageStore>(messages);
  services.provide<MessageAcks>(messages);
  services.provide<AccountStore>(std::make_shared<SqliteAccountStore>(pool_));
  services.provide<GroupStore>(std::make_shared<SqliteGroupStore>(pool_));
  services.provide<GroupAccess>(std::make_shared<SqliteGroupAccess>(pool_));
  services.provide<KeyStore>(std::make_shared<SqliteKeyStore>(pool_));
  services.provide<SocialStore>(std::make_shared<SqliteSocialStore>(pool_));
  services.provide<PushStore>(std::make_shared<SqlitePushStore>(pool_));
  services.provide<StoreTransfer>(std::make_shared<SqliteStoreTransfer>(writer_, pool_));
  services.provide<KvStore>(std::make_shared<SqliteKvStore>(pool_));
  services.provide<MediaIndex>(std::make_shared<SqliteMediaIndex>(pool_));
  services.provide<Directory>(std::make_shared<SqliteDirectory>(writer_, pool_));
  services.provide<ProfileStore>(std::make_shared<SqliteProfileStore>(pool_));
  services.provide<StatusStore>(std::make_shared<SqliteStatusStore>(pool_));
  services.provide<ChatListStore>(std::make_shared<SqliteChatListStore>(writer_, pool_));

  auto* writer = writer_.get();
  sb::Labels labels{{"instance", std::string(ctx.instance_id())}};
  auto& queued =
      ctx.metrics().gauge("sb_store_sqlite_queue", "Appends waiting for the writer.", labels);
  auto& batches =
      ctx.metrics().counter("sb_store_sqlite_batches_total",
                            "Group commits (transactions) of the message writer.", labels);
  ctx.hold(ctx.scheduler().every(std::chrono::seconds(1),
                                 [writer, &queued, &batches, seen = std::uint64_t{0}]() mutable {
                                   queued.set(static_cast<double>(writer->queued()));
                                   auto now = writer->batches();
                                   batches.inc(static_cast<double>(now - seen));
                                   seen = now;
                                 }));
  ctx.log().info("sqlite store open", {{"path", path_}});
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

}  // namespace sb::store_sqlite
