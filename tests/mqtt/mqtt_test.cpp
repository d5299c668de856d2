// SPDX-License-Identifier: Apache-2.0
// An MQTT device (the real mosquitto_pub and mosquitto_sub, with the credentials the server
// handed out) chats with another user through a real Mosquitto: messages and receipts both
// ways, the broker's ACL keeps devices to their own topics, and a broker restart loses
// nothing. The other user is an in-process protocol client (tests/core/chat_harness.hpp).
#include <gtest/gtest.h>

#include <atomic>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <thread>

#include "chat_harness.hpp"
#include "child.hpp"
#include "kernel/core/accounts.hpp"
#include "kernel/core/core.hpp"
#include "mosquitto.hpp"
#include "mqtt_device.hpp"

namespace sb::mqtt_test {
namespace {

using core::test::Client;
using namespace std::chrono_literals;

class Mqtt : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sb-mqtt-XXXXXX").string();
    ASSERT_TRUE(::mkdtemp(tmpl.data()));
    dir = tmpl;
    std::string extra = std::string("[plugin.mqtt]\nuse = \"transport-mqtt\"\nbroker = \"") +
                        broker.url() + "\"\nusername = \"" + Mosquitto::kServer +
                        "\"\npassword = \"" + Mosquitto::kServerPassword +
                        "\"\n[bus.handlers.mqtt]\ndeadline_ms = 5000\n";
    server = core::test::start_server(core::test::chat_config(dir / "data", extra));
  }
  void TearDown() override {
    clients.clear();
    if (server) server->drain_and_stop();
    server.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  Client& login(int n) {
    clients.push_back(core::test::login_client(*server, n, "phone"));
    clients.back()->connect();
    return *clients.back();
  }
  // Logs phone n in and hands its credentials to a new MQTT device.
  std::unique_ptr<Device> device(int n, Client** account = nullptr) {
    auto& c = login(n);
    auto creds = c.request({{"op", "mqtt.credentials"}});
    EXPECT_EQ(creds.at("ok"), true) << json::serialize(creds);
    EXPECT_EQ(creds.at("username"), (c.user + "/" + c.device).c_str());
    if (account) *account = &c;
    c.disconnect();  // from now on the device speaks MQTT only
    return std::make_unique<Device>(broker.port(), creds);
  }

  Mosquitto broker;
  std::filesystem::path dir;
  std::unique_ptr<kernel::Server> server;
  std::vector<std::unique_ptr<Client>> clients;
};

TEST_F(Mqtt, AnMqttDeviceAndAnotherUserChatBothWaysWithReceipts) {
  auto& alice = login(1);
  Client* bob_account = nullptr;
  auto bob = device(2, &bob_account);
  ASSERT_TRUE(bob->listen()) << "no SUBACK";
  ASSERT_EQ(bob->publish({{"id", "p1"}, {"op", "ping"}}), 0);
  EXPECT_EQ(bob->reply("p1").at("ok"), true);

  ASSERT_EQ(alice.send_to_user(*bob_account, "hi over mqtt").at("ok"), true);
  auto m = bob->event("message");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.at("body").at("text"), "hi over mqtt");
  ASSERT_EQ(bob->publish({{"id", "a1"}, {"op", "ack"}, {"cursor", m.at("cursor")}}), 0);
  EXPECT_EQ(bob->reply("a1").at("ok"), true);
  EXPECT_EQ(alice.next("receipt").at("type"), "delivered");

  ASSERT_EQ(bob->publish({{"id", "s1"},
                          {"op", "send"},
                          {"to", {{"user", alice.user}}},
                          {"client_msg_id", "mq-1"},
                          {"body", {{"text", "hello back"}}}}),
            0);
  auto sent = bob->reply("s1");
  EXPECT_EQ(sent.at("ok"), true) << json::serialize(sent);
  auto got = alice.next("message");
  EXPECT_EQ(got.at("body").at("text"), "hello back");
  alice.ack(got.at("cursor").as_int64());
  auto receipt = bob->event("receipt");
  EXPECT_EQ(receipt.at("type"), "delivered");
  EXPECT_EQ(receipt.at("msg_id"), sent.at("msg_id"));

  // QoS 1 redelivery of the same send is harmless: same answer, nothing new stored.
  ASSERT_EQ(bob->publish({{"id", "s2"},
                          {"op", "send"},
                          {"to", {{"user", alice.user}}},
                          {"client_msg_id", "mq-1"},
                          {"body", {{"text", "hello back"}}}}),
            0);
  EXPECT_EQ(bob->reply("s2").at("msg_id"), sent.at("msg_id"));
  EXPECT_TRUE(alice.quiet("message"));
}

TEST_F(Mqtt, ADeviceThatAsksForBatchesGetsItsBacklogInOrderInFewerMessages) {
  auto& alice = login(1);
  Client* bob_account = nullptr;
  auto bob = device(2, &bob_account);
  // Thirty messages wait in bob's inbox; his first frame opens the session and they all come
  // at once, while the first publish waits for the broker's PUBACK.
  for (int i = 0; i < 30; ++i)
    ASSERT_EQ(alice.send_to_user(*bob_account, "m" + std::to_string(i)).at("ok"), true);
  ASSERT_TRUE(bob->listen()) << "no SUBACK";
  ASSERT_EQ(bob->publish({{"id", "b1"}, {"op", "mqtt.batch"}}), 0);
  std::int64_t last_cursor = 0;
  for (int i = 0; i < 30; ++i) {
    auto m = bob->event("message");
    ASSERT_FALSE(m.empty()) << "message " << i << " missing";
    EXPECT_EQ(m.at("body").at("text"), ("m" + std::to_string(i)).c_str());
    EXPECT_GT(m.at("cursor").as_int64(), last_cursor);
    last_cursor = m.at("cursor").as_int64();
  }
  EXPECT_LT(bob->messages_seen(), 30) << "the backlog was not batched";
  ASSERT_EQ(bob->publish({{"id", "a1"}, {"op", "ack"}, {"cursor", last_cursor}}), 0);
  EXPECT_EQ(bob->reply("a1").at("ok"), true);
}

TEST_F(Mqtt, VerifyHandsANewDeviceItsBrokerCredentials) {
  auto* accounts = server->core()->accounts();
  ASSERT_EQ(accounts->request_code(core::test::phone(4), "127.0.0.1").status, 202);
  auto r = accounts->verify(core::test::phone(4), "111114", "mqtt-only");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body).as_object();
  ASSERT_TRUE(body.contains("mqtt")) << r.body;
  auto& mqtt = body.at("mqtt").as_object();
  EXPECT_EQ(std::string(mqtt.at("username").as_string()),
            std::string(body.at("user_id").as_string()) + "/" +
                std::string(body.at("device_id").as_string()));
  Device d(broker.port(), mqtt);
  ASSERT_TRUE(d.listen());
  ASSERT_EQ(d.publish({{"id", "hello"}, {"op", "devices.list"}}), 0);
  auto devices = d.reply("hello");
  ASSERT_EQ(devices.at("ok"), true) << json::serialize(devices);
  EXPECT_EQ(devices.at("devices").as_array().at(0).at("name"), "mqtt-only");
}

// The CONNACK return code (0: accepted) for an MQTT 3.1.1 CONNECT with these credentials,
// sent over a raw socket the moment the caller has them: no process start to hide a race.
int connack_code(int port, const std::string& user, const std::string& password) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket sock(io);
  sock.connect({boost::asio::ip::address_v4::loopback(), static_cast<unsigned short>(port)});
  auto str = [](const std::string& v) {
    return std::string{static_cast<char>(v.size() >> 8), static_cast<char>(v.size() & 0xff)} + v;
  };
  std::string body = str("MQTT") + '\x04' + '\xc2' + std::string("\x00\x3c", 2) +
                     str("raw-" + user) + str(user) + str(password);
  std::string packet = "\x10";
  for (auto n = body.size();;) {  // remaining length, 7 bits at a time
    char b = static_cast<char>(n & 0x7f);
    n >>= 7;
    packet += n ? static_cast<char>(b | 0x80) : b;
    if (!n) break;
  }
  packet += body;
  boost::asio::write(sock, boost::asio::buffer(packet));
  char connack[4];
  boost::asio::read(sock, boost::asio::buffer(connack));
  return connack[3];
}

// Verify hands out credentials only once the broker applied them: a device that connects
// the very moment it has them is accepted. (Provisioning used to be fire-and-forget, and 40
// of 100 benchmark devices connecting at once were refused.)
TEST_F(Mqtt, CredentialsWorkTheMomentVerifyReturnsThem) {
  auto* accounts = server->core()->accounts();
  // Eight devices log in at once and connect the moment they have their credentials.
  std::vector<std::thread> threads;
  std::atomic<int> refused{0}, accepted{0};
  for (int n = 2; n <= 9; ++n)
    threads.emplace_back([&, n] {
      auto phone = core::test::phone(n);
      if (accounts->request_code(phone, "127.0.0.1").status != 202) return;
      auto r = accounts->verify(phone, "11111" + std::to_string(n), "fresh");
      if (r.status != 200) return;
      auto body = json::parse(r.body).as_object();
      auto& mqtt = body.at("mqtt").as_object();
      auto code = connack_code(broker.port(), std::string(mqtt.at("username").as_string()),
                               std::string(mqtt.at("password").as_string()));
      ++(code == 0 ? accepted : refused);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(accepted.load(), 8);
}

TEST_F(Mqtt, ADeviceCanNeitherReadNorWriteAnotherDevicesTopics) {
  auto alice = device(1);
  auto bob = device(2);
  auto& carol = login(3);
  ASSERT_TRUE(alice->listen()) << "no SUBACK";
  // Bob subscribing to alice's topic gets a refusing SUBACK, and nothing on it.
  Device bob_spying = bob->twin();
  ASSERT_TRUE(bob_spying.listen("sb/out/" + alice->user()));
  ASSERT_EQ(alice->publish({{"id", "p"}, {"op", "ping"}}), 0);
  EXPECT_EQ(alice->reply("p").at("ok"), true);
  EXPECT_TRUE(bob_spying.next([](auto&) { return true; }, 1500ms).empty())
      << "bob read alice's topic";

  // Bob publishing as alice is dropped by the broker: carol hears nothing.
  bob->publish({{"id", "x"},
                {"op", "send"},
                {"to", {{"user", carol.user}}},
                {"client_msg_id", "forged"},
                {"body", "forged"}},
               "sb/in/" + alice->user());
  EXPECT_TRUE(carol.quiet("message", 1500ms));
}

TEST_F(Mqtt, ABrokerRestartLosesNothing) {
  auto& alice = login(1);
  Client* bob_account = nullptr;
  auto bob = device(2, &bob_account);
  ASSERT_TRUE(bob->listen()) << "no SUBACK";
  ASSERT_EQ(bob->publish({{"id", "p1"}, {"op", "ping"}}), 0);
  ASSERT_EQ(bob->reply("p1").at("ok"), true);

  broker.stop();
  for (int i = 1; i <= 3; ++i)
    ASSERT_EQ(alice.send_to_user(*bob_account, "during the gap " + std::to_string(i)).at("ok"),
              true);
  broker.start();
  // The plugin reconnects by itself; bob's client too. Bob's next frame replays his inbox.
  std::this_thread::sleep_for(1500ms);
  ASSERT_TRUE(bob->listen()) << "no SUBACK";
  json::object pong;
  for (int i = 0; i < 20 && pong.empty(); ++i) {
    bob->publish({{"id", "p2"}, {"op", "ping"}});
    pong = bob->next([](const json::object& o) { return o.contains("id"); }, 500ms);
  }
  ASSERT_FALSE(pong.empty()) << "the plugin did not come back";
  for (int i = 1; i <= 3; ++i) {
    auto m = bob->event("message");
    ASSERT_FALSE(m.empty()) << "message " << i << " lost";
    EXPECT_EQ(m.at("body").at("text"), ("during the gap " + std::to_string(i)).c_str());
  }
}

TEST_F(Mqtt, RevokingADeviceDeletesItsBrokerAccount) {
  auto& phone = login(1);
  Client* laptop_account = nullptr;
  auto laptop = device(1, &laptop_account);
  ASSERT_TRUE(laptop->listen()) << "no SUBACK";
  ASSERT_EQ(phone.request({{"op", "devices.revoke"}, {"device", laptop_account->device}}).at("ok"),
            true);
  std::this_thread::sleep_for(500ms);
  EXPECT_NE(laptop->publish({{"op", "ping"}}), 0) << "the revoked device could still connect";
}

}  // namespace
}  // namespace sb::mqtt_test
