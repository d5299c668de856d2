// SPDX-License-Identifier: Apache-2.0
// See chat_harness.hpp.
#include "chat_harness.hpp"

#include <thread>

#include <stdlib.h>

#include "kernel/core/accounts.hpp"
#include "kernel/core/core.hpp"
#include "kernel/host/config.hpp"

namespace sb::core::test {

namespace fs = std::filesystem;

bool TestLink::send(std::string frame) {
  boost::system::error_code ec;
  auto v = json::parse(frame, ec);
  EXPECT_FALSE(ec) << "the core sent invalid JSON: " << frame;
  EXPECT_TRUE(v.is_object()) << frame;
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  frames_.push_back(v.is_object() ? v.as_object() : json::object{});
  cv_.notify_all();
  return true;
}

void TestLink::close(std::string_view reason) {
  std::lock_guard lock(mutex_);
  closed_ = true;
  reason_ = reason;
  cv_.notify_all();
}

std::optional<json::object> TestLink::take(const std::function<bool(const json::object&)>& pred,
                                           std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (auto it = frames_.begin(); it != frames_.end(); ++it) {
      if (pred(*it)) {
        auto f = std::move(*it);
        frames_.erase(it);
        return f;
      }
    }
    if (cv_.wait_until(lock, until) == std::cv_status::timeout) {
      for (auto it = frames_.begin(); it != frames_.end(); ++it)
        if (pred(*it)) {
          auto f = std::move(*it);
          frames_.erase(it);
          return f;
        }
      return std::nullopt;
    }
  }
}

bool TestLink::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

bool TestLink::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return closed_; });
}

std::string TestLink::close_reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

std::size_t TestLink::pending() const {
  std::lock_guard lock(mutex_);
  return frames_.size();
}

std::string phone(int n) {
  return "+155500000" + std::to_string(n);
}

Client::Client(kernel::Server& server, std::string user_in, std::string device_in,
               std::string token_in)
    : user(std::move(user_in)),
      device(std::move(device_in)),
      token(std::move(token_in)),
      server_(server) {}

Client::~Client() {
  disconnect();
}

void Client::connect() {
  disconnect();
  link_ = std::make_shared<TestLink>();
  session_ = server_.core()->open(link_, SessionOptions{"test", "127.0.0.1:1", token, {}});
  ASSERT_TRUE(session_);
}

void Client::connect_anonymous() {
  disconnect();
  link_ = std::make_shared<TestLink>();
  session_ = server_.core()->open(link_, SessionOptions{"test", "127.0.0.1:1", {}, {}});
}

void Client::disconnect() {
  if (session_) session_->on_close();
  session_.reset();
}

json::object Client::request(json::object req, std::chrono::milliseconds timeout) {
  auto id = "r" + std::to_string(++next_id_);
  req["id"] = id;
  return raw(json::serialize(req), json::value(id), timeout);
}

json::object Client::raw(std::string_view text, const json::value& id,
                         std::chrono::milliseconds timeout) {
  session_->on_frame(text);
  auto reply = link_->take(
      [&](const json::object& f) {
        if (!f.contains("ok")) return false;
        auto* fid = f.if_contains("id");
        return id.is_null() ? fid == nullptr : (fid && *fid == id);
      },
      timeout);
  if (!reply) {
    ADD_FAILURE() << user << ": no reply to " << text;
    return json::object{{"ok", false}, {"error", json::object{{"code", "timeout"}}}};
  }
  return *reply;
}

void Client::post(json::object req) {
  session_->on_frame(json::serialize(req));
}

json::object Client::next_error(std::chrono::milliseconds timeout) {
  auto f = link_->take([](const json::object& o) { return o.contains("ok") && !o.contains("id"); },
                       timeout);
  return f ? *f : json::object{};
}

json::object Client::next(std::string_view ev, std::chrono::milliseconds timeout) {
  auto f = link_->take(
      [&](const json::object& o) {
        auto* e = o.if_contains("ev");
        return e && e->is_string() && e->as_string() == ev;
      },
      timeout);
  if (!f) {
    ADD_FAILURE() << user << "/" << device << ": no \"" << ev << "\" event";
    return {};
  }
  return *f;
}

bool Client::quiet(std::string_view ev, std::chrono::milliseconds wait) {
  return !link_->take(
      [&](const json::object& o) {
        auto* e = o.if_contains("ev");
        return e && e->is_string() && e->as_string() == ev;
      },
      wait);
}

json::object Client::send_to_user(const Client& to, const std::string& text,
                                  std::string client_msg_id) {
  if (client_msg_id.empty()) client_msg_id = "m" + std::to_string(next_id_ + 1);
  return request({{"op", "send"},
                  {"to", {{"user", to.user}}},
                  {"client_msg_id", client_msg_id},
                  {"enc", "none"},
                  {"body", {{"text", text}}}});
}

json::object Client::send_to_group(const std::string& group, const std::string& text) {
  return request({{"op", "send"},
                  {"to", {{"group", group}}},
                  {"client_msg_id", "g" + std::to_string(next_id_ + 1)},
                  {"enc", "none"},
                  {"body", {{"text", text}}}});
}

void Client::ack(std::int64_t cursor) {
  auto r = request({{"op", "ack"}, {"cursor", cursor}});
  EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
}

std::string chat_config(const fs::path& data_dir, const std::string& extra) {
  std::string text = "[server]\nlisten = \"127.0.0.1:0\"\ndata_dir = \"" + data_dir.string() +
                     "\"\n[log]\nlevel = \"warn\"\n[plugins]\ndirs = [\"" SB_PLUGIN_DIR
                     "\", \"" SB_TEST_PLUGIN_DIR
                     "\"]\n[plugin.store]\nuse = \"store-sqlite\"\n"
                     "[plugin.groups]\nuse = \"policy-groups\"\n"
                     "[auth]\ntest_numbers = { ";
  for (int n = 1; n <= 9; ++n)
    text += std::string(n > 1 ? ", " : "") + "\"" + phone(n) + "\" = \"11111" + std::to_string(n) +
            "\"";
  // Most scenarios add people to groups freely; the tests of the "groups" privacy setting
  // choose their own default.
  std::string groups = extra.find("group_add_privacy") == std::string::npos
                           ? "group_add_privacy = \"everyone\"\n"
                           : "";
  return text + " }\n[messaging]\npresence_coalesce_ms = 150\n" + groups + extra;
}

std::unique_ptr<kernel::Server> start_server(const std::string& config) {
  kernel::EnvOverrides env;
  auto server = std::make_unique<kernel::Server>(
      kernel::load_config_string(config, "chat.toml", env), std::vector<std::string>{});
  server->prepare(env);
  server->start();
  return server;
}

std::unique_ptr<Client> login_client(kernel::Server& server, int n,
                                     const std::string& device_name) {
  auto* accounts = server.core()->accounts();
  auto code = accounts->request_code(phone(n), "127.0.0.1");
  EXPECT_EQ(code.status, 202) << code.body;
  auto r = accounts->verify(phone(n), "11111" + std::to_string(n), device_name);
  EXPECT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body).as_object();
  return std::make_unique<Client>(server, std::string(body.at("user_id").as_string()),
                                  std::string(body.at("device_id").as_string()),
                                  std::string(body.at("access_token").as_string()));
}

void ChatTest::SetUp() {
  std::string tmpl = (fs::temp_directory_path() / "sb-chat-XXXXXX").string();
  ASSERT_TRUE(::mkdtemp(tmpl.data()));
  dir = tmpl;
  server = start_server(chat_config(dir / "data", extra_config()));
}

void ChatTest::TearDown() {
  clients.clear();
  if (server) server->drain_and_stop();
  server.reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

Client& ChatTest::login(int n, const std::string& device_name, bool connect) {
  clients.push_back(login_client(*server, n, device_name));
  if (connect) clients.back()->connect();
  return *clients.back();
}

}  // namespace sb::core::test
