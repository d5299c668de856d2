// SPDX-License-Identifier: Apache-2.0
// One device's sb/out topic. For a device that asked for batches (mqtt.batch) one publish at
// a time is in flight, and the frames produced meanwhile go out together as one message
// (separated by "\n") once the broker acknowledged it. Others get one message per frame.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "broker.hpp"

namespace transport_mqtt {

class Outbox final : public PublishDone, public std::enable_shared_from_this<Outbox> {
 public:
  Outbox(Broker& broker, std::string topic) : broker_(broker), topic_(std::move(topic)) {}
  void send(std::string frame);
  void set_batching(bool on);
  void published(bool ok) override;

 private:
  void publish_next(std::unique_lock<std::mutex>& lock);

  Broker& broker_;
  const std::string topic_;
  std::mutex mutex_;
  std::deque<std::string> waiting_;
  bool batching_ = false, in_flight_ = false;
};

}  // namespace transport_mqtt
