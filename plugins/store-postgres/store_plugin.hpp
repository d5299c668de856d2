// SPDX-License-Identifier: Apache-2.0
// The store-postgres plugin object: connects, runs the migrations, starts the writer and
// provides the store services; stop() commits what is queued and joins the writer.
#pragma once

#include <memory>

#include <switchboard/plugin.hpp>

#include "config.hpp"
#include "message_writer.hpp"
#include "pool.hpp"

namespace sb::store_postgres {

class StorePlugin final : public sb::PluginBase<Config> {
 public:
  ~StorePlugin() override;
  void drain() override;
  void stop() override;
  Health health() const override;

 protected:
  void start(const Config& config, sb::Context& ctx) override;

 private:
  std::shared_ptr<MessageWriter> writer_;
  std::shared_ptr<Pool> pool_;
};

}  // namespace sb::store_postgres
