// SPDX-License-Identifier: Apache-2.0
// See people.hpp.
#include "people.hpp"

#include <atomic>

namespace sb::e2e {

using namespace std::chrono_literals;
namespace json = client::json;

client::Tokens login(const Server& server, int n, const std::string& device_name) {
  client::AuthApi auth({"127.0.0.1", std::to_string(server.port())});
  auth.request_code(Server::phone(n));
  return auth.verify(Server::phone(n), Server::code(n), device_name);
}

std::string text_of(const client::Event& e) {
  auto* body = e.fields.if_contains("body");
  if (!body || !body->is_object()) return {};
  auto* t = body->get_object().if_contains("text");
  return t && t->is_string() ? std::string(t->get_string()) : std::string();
}

Person::Person(const Server& server, int n, client::TransportKind transport)
    : server_(server), transport_(transport), tokens_(login(server, n)) {}

Person::~Person() {
  disconnect();
}

bool Person::connect(std::int64_t resume_after) {
  client::ClientOptions o;
  o.server = server_.url();
  o.transport = transport_;
  o.token = [this](bool) { return tokens_.access_token; };
  o.backoff_initial = 50ms;
  o.backoff_max = 500ms;
  o.request_timeout = 10s;
  o.resume_after = resume_after;
  client_ = std::make_unique<client::Client>(o);
  client_->on_event([this](const client::Event& e) {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
    cv_.notify_all();
  });
  client_->start();
  return client_->wait_connected(10s);
}

void Person::disconnect() {
  if (client_) client_->stop();
}

client::Reply Person::call(const std::string& op, json::object fields) {
  return client_->request(op, std::move(fields)).get();
}

client::Reply Person::say(json::object to, const std::string& text) {
  static std::atomic<int> counter{0};
  return call("send", {{"to", std::move(to)},
                       {"client_msg_id", "e2e-" + std::to_string(++counter) + "-" + user()},
                       {"enc", "none"},
                       {"body", {{"text", text}}}});
}

client::Event Person::wait_for(const std::function<bool(const client::Event&)>& pred,
                               std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  client::Event found;
  cv_.wait_for(lock, timeout, [&] {
    for (auto& e : events_)
      if (pred(e)) {
        found = e;
        return true;
      }
    return false;
  });
  return found;
}

client::Event Person::wait_message(const std::string& text, std::chrono::milliseconds timeout) {
  return wait_for([&](const client::Event& e) { return e.ev == "message" && text_of(e) == text; },
                  timeout);
}

std::vector<client::Event> Person::events() {
  std::lock_guard lock(mutex_);
  return events_;
}

std::vector<std::string> Person::texts() {
  std::vector<std::string> out;
  for (auto& e : events())
    if (e.ev == "message") out.push_back(text_of(e));
  return out;
}

}  // namespace sb::e2e
