// SPDX-License-Identifier: Apache-2.0
// The store-sqlite plugin object: opens the database, runs migrations, starts the writer and
// provides the five store services; stop() commits what is queued and joins the writer.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <switchboard/plugin.hpp>

#include "config.hpp"
#include "database.hpp"
#include "message_writer.hpp"

namespace sb::store_sqlite {

class StorePlugin final : public sb::PluginBase<Config> {
 public:
  ~StorePlugin() override;
  void drain() override;
  void stop() override;
  Health health() const override;

 protected:
  void start(const Config& config, sb::Context& ctx) override;

 private:
  void lock_database();

  std::shared_ptr<MessageWriter> writer_;
  std::shared_ptr<Pool> pool_;
  std::string path_;
  int lock_fd_ = -1;  // flock on <path>.lock: the counters in memory allow one process only
};

}  // namespace sb::store_sqlite
