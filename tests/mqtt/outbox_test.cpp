// SPDX-License-Identifier: Apache-2.0
// transport-mqtt's outbox against a real Mosquitto, without a server: a device that asked
// for batches gets every frame, in order, in fewer messages; one that did not gets one
// message per frame.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "broker.hpp"
#include "mosquitto.hpp"
#include "outbox.hpp"

namespace sb::mqtt_test {
namespace {

using namespace std::chrono_literals;
using transport_mqtt::Broker;
using transport_mqtt::Outbox;

constexpr const char* kTopic = "sb/out/u1/d1";

// Subscribes (as the broker's admin, who may read sb/out) and splits messages into frames.
struct Reader {
  explicit Reader(const Mosquitto& broker)
      : client(broker.url(), "outbox-test-reader", Mosquitto::kAdmin, Mosquitto::kAdminPassword) {
    client.on_message([this](std::string_view, std::string_view payload) {
      std::lock_guard lock(mutex);
      ++messages;
      for (std::size_t at = 0; at <= payload.size();) {
        auto nl = payload.find('\n', at);
        if (nl == std::string_view::npos) nl = payload.size();
        frames.emplace_back(payload.substr(at, nl - at));
        at = nl + 1;
      }
      changed.notify_all();
    });
    client.subscribe({kTopic});
    client.connect(5s);
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 10s, [&] { return frames.size() >= n; });
  }
  Broker client;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> frames;
  int messages = 0;
};

std::string frame(int i) {
  return R"({"ev":"message","cursor":)" + std::to_string(i) + "}";
}

class MqttOutbox : public ::testing::Test {
 protected:
  void SetUp() override {
    reader = std::make_unique<Reader>(broker);
    std::this_thread::sleep_for(200ms);  // the SUBACK; frames before it would be missed
    writer.connect(5s);
  }
  Mosquitto broker;
  std::unique_ptr<Reader> reader;
  Broker writer{broker.url(), "outbox-test-writer", Mosquitto::kServer, Mosquitto::kServerPassword};
};

TEST_F(MqttOutbox, ABatchingDevicesFramesArriveInOrderInFewerMessages) {
  auto outbox = std::make_shared<Outbox>(writer, kTopic);
  outbox->set_batching(true);
  constexpr int kFrames = 200;
  for (int i = 1; i <= kFrames; ++i) outbox->send(frame(i));
  ASSERT_TRUE(reader->wait_for(kFrames)) << reader->frames.size() << " frames arrived";
  std::lock_guard lock(reader->mutex);
  ASSERT_EQ(reader->frames.size(), static_cast<std::size_t>(kFrames));
  for (int i = 1; i <= kFrames; ++i) EXPECT_EQ(reader->frames[i - 1], frame(i));
  RecordProperty("messages", reader->messages);
  // The first goes alone; the rest gathered while it waited for its PUBACK.
  EXPECT_LT(reader->messages, kFrames / 2) << "frames were not batched";
}

TEST_F(MqttOutbox, ADeviceThatDidNotAskGetsOneMessagePerFrame) {
  auto outbox = std::make_shared<Outbox>(writer, kTopic);
  constexpr int kFrames = 50;
  for (int i = 1; i <= kFrames; ++i) outbox->send(frame(i));
  ASSERT_TRUE(reader->wait_for(kFrames)) << reader->frames.size() << " frames arrived";
  std::lock_guard lock(reader->mutex);
  EXPECT_EQ(reader->messages, kFrames);
  for (int i = 1; i <= kFrames; ++i) EXPECT_EQ(reader->frames[i - 1], frame(i));
}

}  // namespace
}  // namespace sb::mqtt_test
