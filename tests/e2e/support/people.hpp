// SPDX-License-Identifier: Apache-2.0
// People for the chat tests: a logged-in user (test number n, fixed code) with a connected
// client that records every event it receives, and waits bounded in time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/client/client.hpp>
#include <switchboard/client/http_api.hpp>

#include "e2e_server.hpp"

namespace sb::e2e {

// Logs test number `n` in (request-code, verify) and returns the tokens.
client::Tokens login(const Server& server, int n, const std::string& device_name = "e2e");

class Person {
 public:
  Person(const Server& server, int n, client::TransportKind transport);
  ~Person();

  const std::string& user() const { return tokens_.user_id; }
  const std::string& device() const { return tokens_.device_id; }
  const client::Tokens& tokens() const { return tokens_; }
  client::Client& client() { return *client_; }

  // Connects (bounded); false when it did not.
  bool connect(std::int64_t resume_after = 0);
  void disconnect();
  // A request and its reply (bounded by the client's timeout).
  client::Reply call(const std::string& op, client::json::object fields = {});
  // Sends {"text": text} to a user or group ({"user":..} / {"group":..}); the reply.
  client::Reply say(client::json::object to, const std::string& text);

  // Waits until an event matching `pred` was received; returns it (an empty Event on
  // timeout).
  client::Event wait_for(const std::function<bool(const client::Event&)>& pred,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
  client::Event wait_message(const std::string& text,
                             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::vector<client::Event> events();
  std::vector<std::string> texts();  // bodies of the message events, in arrival order

 private:
  const Server& server_;
  client::TransportKind transport_;
  client::Tokens tokens_;
  std::unique_ptr<client::Client> client_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<client::Event> events_;
};

// The text of a message event's body ({"text":..}), or "".
std::string text_of(const client::Event& e);

}  // namespace sb::e2e
