// SPDX-License-Identifier: Apache-2.0
// The load generator's MQTT client: handshake, subscription, QoS 1 publish and acks.
#include "mqtt_client.hpp"

#include "mqtt_codec.hpp"

namespace loadgen {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

MqttClient::MqttClient(asio::io_context& io, tcp::endpoint broker, asio::ip::address source,
                       std::string client_id, std::string user, std::string pass,
                       std::string subscribe)
    : sock_(io),
      broker_(broker),
      source_(source),
      client_id_(std::move(client_id)),
      user_(std::move(user)),
      pass_(std::move(pass)),
      filter_(std::move(subscribe)) {}

void MqttClient::start(OnOpen on_open, OnMessage on_message) {
  on_open_ = std::move(on_open);
  on_message_ = std::move(on_message);
  boost::system::error_code ec;
  sock_.open(broker_.protocol(), ec);
  if (!ec && !source_.is_unspecified()) sock_.bind(tcp::endpoint(source_, 0), ec);
  if (ec) return fail("bind: " + ec.message());
  sock_.async_connect(broker_, [self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return self->fail("connect: " + ec.message());
    self->sock_.set_option(tcp::no_delay(true));
    self->write(mqtt::connect(self->client_id_, self->user_, self->pass_, 600));
    self->read();
  });
}

void MqttClient::fail(const std::string& what) {
  closed_ = true;
  if (!open_ && on_open_) {
    auto cb = std::move(on_open_);
    on_open_ = nullptr;
    cb(false, what);
  }
  open_ = false;
  boost::system::error_code ec;
  sock_.close(ec);
}

void MqttClient::read() {
  sock_.async_read_some(asio::buffer(chunk_),
                        [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                          if (ec) return self->fail("read: " + ec.message());
                          self->inbuf_.append(self->chunk_, n);
                          self->on_bytes();
                          if (!self->closed_) self->read();
                        });
}

void MqttClient::on_bytes() {
  std::size_t used = 0;
  while (auto next = mqtt::next_packet(std::string_view(inbuf_).substr(used))) {
    auto& [p, len] = *next;
    used += len;
    switch (p.type) {
      case mqtt::CONNACK:
        if (p.body.size() < 2 || p.body[1] != 0) return fail("connack refused");
        if (filter_.empty()) {
          open_ = true;
          if (on_open_) on_open_(true, "");
        } else {
          write(mqtt::subscribe(1, filter_, 1));
        }
        break;
      case mqtt::SUBACK:
        if (p.body.size() < 3 || static_cast<std::uint8_t>(p.body[2]) >= 0x80)
          return fail("subscription refused");
        open_ = true;
        if (on_open_) on_open_(true, "");
        break;
      case mqtt::PUBACK: ++pubacks_; break;
      case mqtt::PUBLISH:
        if (auto pub = mqtt::parse_publish(p)) {
          if (pub->qos == 1) write(mqtt::puback(pub->packet_id));
          if (on_message_) on_message_(pub->topic, pub->payload);
        }
        break;
      default: break;
    }
    if (closed_) return;
  }
  inbuf_.erase(0, used);
}

void MqttClient::publish(std::string_view topic, std::string_view payload, int qos) {
  if (++next_id_ == 0) next_id_ = 1;
  write(mqtt::publish(topic, payload, static_cast<std::uint8_t>(qos), next_id_));
}

void MqttClient::write(std::string bytes) {
  if (closed_) return;
  writer_.write(shared_from_this(), std::move(bytes));
}

void MqttClient::close() {
  if (closed_) return;
  closed_ = true;
  open_ = false;
  boost::system::error_code ec;
  sock_.close(ec);
}

}  // namespace loadgen
