// SPDX-License-Identifier: Apache-2.0
// Scenario-test harness: a whole server in-process (store-sqlite, policy-groups, test phone
// numbers), and clients that talk protocol-v1 frames to the core through a ClientLink, as
// a transport would. Tests read like conversations: alice.send(bob, "hi"); bob.next("message").
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <switchboard/json.hpp>
#include <switchboard/services/messaging.hpp>

#include "kernel/host/server.hpp"

namespace sb::core::test {

using namespace std::chrono_literals;

// Collects what the core sends to one connection.
class TestLink final : public ClientLink {
 public:
  bool send(std::string frame) override;
  void close(std::string_view reason) override;

  // The next frame matching `pred`, removed from the queue; null object on timeout.
  std::optional<json::object> take(const std::function<bool(const json::object&)>& pred,
                                   std::chrono::milliseconds timeout);
  bool closed() const;
  // Waits up to `timeout` for the core to close the link.
  bool wait_closed(std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
  std::string close_reason() const;
  std::size_t pending() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<json::object> frames_;
  bool closed_ = false;
  std::string reason_;
};

class Client {
 public:
  Client(kernel::Server& server, std::string user, std::string device, std::string token);
  ~Client();

  // Opens a (new) connection authenticated by bearer token; the old one is closed first.
  void connect();
  // Opens a connection without authenticating.
  void connect_anonymous();
  void disconnect();

  // Sends a request (an "id" is added) and waits for its reply.
  json::object request(json::object req, std::chrono::milliseconds timeout = 5s);
  // Sends raw text and waits for the reply with that id (or, for id-less, any reply).
  json::object raw(std::string_view text, const json::value& id = nullptr,
                   std::chrono::milliseconds timeout = 5s);
  // Fire and forget.
  void post(json::object req);

  // The next error reply without an id (a refused connection), or an empty object.
  json::object next_error(std::chrono::milliseconds timeout = 5s);
  // The next event of kind `ev` (others stay queued).
  json::object next(std::string_view ev, std::chrono::milliseconds timeout = 5s);
  // True when no event of kind `ev` arrives within `wait`.
  bool quiet(std::string_view ev, std::chrono::milliseconds wait = 300ms);
  // Convenience ops.
  json::object send_to_user(const Client& to, const std::string& text,
                            std::string client_msg_id = {});
  json::object send_to_group(const std::string& group, const std::string& text);
  void ack(std::int64_t cursor);

  TestLink& link() { return *link_; }
  const std::string user, device, token;

 private:
  kernel::Server& server_;
  std::shared_ptr<TestLink> link_;
  std::shared_ptr<ClientSession> session_;
  int next_id_ = 0;
};

// A fresh server per test, with [auth] test numbers +1555000000N (code 11111N).
class ChatTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Extra TOML appended to the config (e.g. "[messaging]\nmax_group_members = 3\n").
  virtual std::string extra_config() const { return {}; }

  // Logs a user in as a new device (n: 1..9 picks the phone number) and connects it.
  Client& login(int n, const std::string& device_name = "phone", bool connect = true);

  std::filesystem::path dir;
  std::unique_ptr<kernel::Server> server;
  std::vector<std::unique_ptr<Client>> clients;
};

std::string phone(int n);
// Polls `pred` every 20 ms until it holds (true) or `timeout` passes (false): for what bus
// observers do after the reply.
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 3s);
// The server config the chat tests run: store-sqlite in `data_dir`, policy-groups, the test
// phone numbers, then `extra` TOML in the [messaging] section.
std::string chat_config(const std::filesystem::path& data_dir, const std::string& extra);
// Starts a server on `config`; the caller stops it with drain_and_stop().
std::unique_ptr<kernel::Server> start_server(const std::string& config);
// Logs phone n in as a new device: {user, device, access token}.
std::unique_ptr<Client> login_client(kernel::Server& server, int n, const std::string& device_name);

}  // namespace sb::core::test
