// SPDX-License-Identifier: Apache-2.0
// A WebSocket user and an MQTT device (the real mosquitto_pub and mosquitto_sub, with the
// broker credentials the verify answer handed it) chat through the real daemon and a real
// Mosquitto: messages and delivered receipts both ways.
#include <gtest/gtest.h>

#include "e2e_server.hpp"
#include "mosquitto.hpp"
#include "mqtt_device.hpp"
#include "people.hpp"

namespace sb::e2e {
namespace {

using client::Event;
namespace json = client::json;

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

TEST(MqttChat, AWebSocketUserAndAnMqttDeviceChatThroughMosquitto) {
  mqtt_test::Mosquitto broker;
  auto options = ServerOptions::ws({}, CoreKind::real);
  options.extra = "[plugin.mqtt]\nuse = \"transport-mqtt\"\nbroker = \"" + broker.url() +
                  "\"\nusername = \"" + mqtt_test::Mosquitto::kServer + "\"\npassword = \"" +
                  mqtt_test::Mosquitto::kServerPassword +
                  "\"\n[bus.handlers.mqtt]\ndeadline_ms = 5000\n";
  Server server(options);
  Person alice(server, 1, client::TransportKind::websocket);
  ASSERT_TRUE(alice.connect()) << alice.client().last_error();

  // Bob's device logs in over HTTP; the answer carries its broker account.
  auto phone = Server::phone(2);
  ASSERT_EQ(test::http_post(server.port(), "/v1/auth/request-code",
                            json::serialize(json::object{{"phone", phone}}))
                .status,
            202);
  auto v =
      test::http_post(server.port(), "/v1/auth/verify",
                      json::serialize(json::object{
                          {"phone", phone}, {"code", Server::code(2)}, {"device_name", "sensor"}}));
  ASSERT_EQ(v.status, 200) << v.body;
  auto verified = json::parse(v.body).as_object();
  ASSERT_TRUE(verified.contains("mqtt")) << v.body;
  std::string bob_user = str(verified, "user_id");
  mqtt_test::Device bob(broker.port(), verified.at("mqtt").as_object());
  ASSERT_TRUE(bob.listen());
  ASSERT_EQ(bob.publish({{"id", "hello"}, {"op", "ping"}}), 0);
  ASSERT_EQ(bob.reply("hello").at("ok"), true);

  // alice (WebSocket) -> bob (MQTT), and bob's ack makes alice's tick.
  auto sent = alice.say({{"user", bob_user}}, "hi mqtt bob");
  ASSERT_TRUE(sent.ok) << sent.error_code;
  auto m = bob.event("message");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.at("body").at("text"), "hi mqtt bob");
  ASSERT_EQ(bob.publish({{"id", "ack"}, {"op", "ack"}, {"cursor", m.at("cursor")}}), 0);
  auto delivered = alice.wait_for(
      [](const Event& e) { return e.ev == "receipt" && str(e.fields, "type") == "delivered"; });
  EXPECT_EQ(delivered.ev, "receipt") << "alice got no delivered receipt";

  // bob (MQTT) -> alice (WebSocket); alice's client acks, bob gets the tick.
  ASSERT_EQ(bob.publish({{"id", "s1"},
                         {"op", "send"},
                         {"to", {{"user", alice.user()}}},
                         {"client_msg_id", "b1"},
                         {"body", {{"text", "hi websocket alice"}}}}),
            0);
  auto reply = bob.reply("s1");
  ASSERT_EQ(reply.at("ok"), true) << json::serialize(reply);
  EXPECT_EQ(alice.wait_message("hi websocket alice").ev, "message");
  auto tick = bob.event("receipt");
  ASSERT_FALSE(tick.empty()) << "bob got no delivered receipt";
  EXPECT_EQ(tick.at("msg_id"), reply.at("msg_id"));
}

}  // namespace
}  // namespace sb::e2e
