// SPDX-License-Identifier: Apache-2.0
// See ws_client.hpp. Frames pass through untouched; the core answers bad ones.
#include "ws_client.hpp"

#include <boost/json.hpp>

#include "close_codes.hpp"
#include "registry.hpp"

namespace transport_websocket {
namespace {

class Handler final : public sb::WebSocketHandler {
 public:
  explicit Handler(std::shared_ptr<WsClient> client) : client_(std::move(client)) {}
  void on_text(std::string_view text) override { client_->on_text(text); }
  void on_binary(std::string_view) override { client_->on_binary(); }
  void on_close(std::uint16_t, std::string_view) override { client_->on_close(); }

 private:
  std::shared_ptr<WsClient> client_;
};

}  // namespace

std::unique_ptr<sb::WebSocketHandler> WsClient::make_handler() {
  return std::make_unique<Handler>(shared_from_this());
}

bool WsClient::send(std::string frame) {
  if (!authenticated()) watch_for_auth(frame);
  return conn_->send_text(std::move(frame));
}

void WsClient::close(std::string_view reason) {
  conn_->close(code_for_reason(reason), std::string(reason));
}

void WsClient::watch_for_auth(std::string_view frame) {
  // Only the `auth` reply carries both user_id and device_id.
  if (frame.find("\"device_id\"") == frame.npos) return;
  boost::system::error_code ec;
  auto v = boost::json::parse(frame, ec);
  if (ec || !v.is_object()) return;
  auto& o = v.as_object();
  auto* ok = o.if_contains("ok");
  if (!ok || !ok->is_bool() || !ok->get_bool()) return;
  if (!o.contains("user_id") || !o.contains("device_id")) return;
  authenticated_.store(true, std::memory_order_relaxed);
  registry_->authenticated(this);
}

void WsClient::on_text(std::string_view text) {
  if (session_) session_->on_frame(text);
}

void WsClient::on_binary() {
  conn_->send_text(
      R"({"ok":false,"error":{"code":"bad_request","message":"binary frames are not accepted: send JSON text frames"}})");
}

void WsClient::on_close() {
  registry_->remove(this);
  registry_->limits().release(address_);
  if (auto s = std::move(session_)) s->on_close();
}

}  // namespace transport_websocket
