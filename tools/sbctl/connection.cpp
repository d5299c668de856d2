// SPDX-License-Identifier: Apache-2.0
// See connection.hpp.
#include "connection.hpp"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>

#include <switchboard/client/error.hpp>
#include <switchboard/client/http_api.hpp>
#include <switchboard/client/url.hpp>

#include "errors.hpp"

namespace sbctl {

namespace client = sb::client;
using namespace std::chrono_literals;

std::string server_for(const Invocation& inv, const std::optional<Profile>& profile) {
  if (!inv.server.empty()) return inv.server;
  if (profile && !profile->server.empty()) return profile->server;
  return "http://127.0.0.1:8080";
}

sb::client::Endpoint endpoint_for(const Invocation& inv, const std::optional<Profile>& profile) {
  std::string server = server_for(inv, profile);
  client::Endpoint e;
  try {
    e = client::parse_server_url(server);
  } catch (const client::Error& err) {
    throw CliError(exit_code::usage, std::string("--server: ") + err.what());
  }
  if (!inv.ca.empty()) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(inv.ca, ec);
    e.ca_file = ec ? inv.ca : abs.string();
  } else if (profile && profile->server == server) {
    e.ca_file = profile->ca;
  }
  if (!e.ca_file.empty() && !std::filesystem::is_regular_file(e.ca_file))
    throw CliError(exit_code::usage, "--ca: no such file: " + e.ca_file);
  return e;
}

namespace {

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int exit_code_for(const client::Error& e) {
  switch (e.kind()) {
    case client::ErrorKind::unreachable: return exit_code::unreachable;
    case client::ErrorKind::timeout: return exit_code::timeout;
    case client::ErrorKind::local: return exit_code::failure;  // a local file (the key store)
    case client::ErrorKind::refused:
      return e.status() == 401 ? exit_code::not_logged_in : exit_code::refused;
    case client::ErrorKind::protocol:
      // A server URL or CA file the library cannot use: the command line's fault.
      return e.code() == "bad_url" || e.code() == "bad_ca" ? exit_code::usage : exit_code::failure;
  }
  return exit_code::failure;
}

client::Event with_opened_body(const client::Event& e, const client::OpenedMessage& opened) {
  client::Event out = e;
  if (opened.ok) {
    out.fields["body"] = opened.body;
  } else {
    out.fields.erase("body");
    out.fields["undecryptable"] = opened.error;
  }
  return out;
}

Connection::Connection(const Invocation& inv, client::Client::EventHandler on_event) : inv_(inv) {
  auto loaded = load_profile(inv.profile);
  if (!loaded || loaded->refresh_token.empty())
    throw CliError(exit_code::not_logged_in,
                   "not logged in (profile '" + inv.profile + "'): run `sbctl register PHONE`");
  profile_ = *loaded;
  server_ = server_for(inv, profile_);
  endpoint_ = endpoint_for(inv, profile_);
  if (profile_.access_expires_at <= now_s() + 30) refresh();
  try {
    store_ = std::make_unique<client::SignalStore>(signal_store_path(inv.profile).string());
    e2ee_ = std::make_unique<client::E2ee>(*store_, profile_.user_id, profile_.device_id);
  } catch (const client::Error& e) {
    throw CliError(exit_code::failure, std::string("end-to-end encryption state: ") + e.what());
  }

  client::ClientOptions o;
  o.server = server_;
  o.ca_file = endpoint_.ca_file;
  o.transport =
      inv.transport == "lp" ? client::TransportKind::longpoll : client::TransportKind::websocket;
  o.token = [this](bool rejected) { return token(rejected); };
  o.request_timeout = 15s;
  o.connect_timeout = 10s;
  o.auto_ack = static_cast<bool>(on_event);
  client_ = std::make_unique<client::Client>(o);
  messenger_ = std::make_unique<client::E2eeMessenger>(*client_, *e2ee_);
  // Every connection opens what arrives, so a message is decrypted once (its ratchet key
  // works once) and kept in the store for `listen` and `get-file`.
  client_->on_event([this, handler = std::move(on_event)](const client::Event& e) {
    messenger_->on_event(e);  // keys.low: a refill goes out
    if (e.ev == "message") {
      auto opened = messenger_->open(e);
      if (handler) handler(with_opened_body(e, opened));
      return;
    }
    if (handler) handler(e);
  });
  // Gives up after the first failed attempt, or the second when the first was refused for
  // its token (the second comes with a refreshed one).
  struct Attempts {
    std::mutex mutex;
    std::condition_variable cv;
    int failed = 0;
    bool refused = false, connected = false;
  };
  auto attempts = std::make_shared<Attempts>();
  client_->on_state([attempts, this](client::State s, const std::string&) {
    std::lock_guard lock(attempts->mutex);
    if (s == client::State::connected) attempts->connected = true;
    if (s == client::State::disconnected) {
      ++attempts->failed;
      attempts->refused = client_->auth_refused();
    }
    attempts->cv.notify_all();
  });
  client_->start();
  {
    std::unique_lock lock(attempts->mutex);
    attempts->cv.wait_for(lock, 10s, [&] {
      return attempts->connected || attempts->failed >= (attempts->refused ? 2 : 1);
    });
  }
  if (client_->state() != client::State::connected) {
    std::string why = client_->last_error();
    client_->stop();
    if (refresh_refused_ || client_->auth_refused())
      throw CliError(exit_code::not_logged_in,
                     "the server refused this login (" + why + "): run `sbctl register PHONE`");
    throw CliError(exit_code::unreachable, "cannot reach " + server_ + ": " + why);
  }
  try {
    messenger_->ensure_keys_uploaded();
  } catch (const client::Error& e) {
    // Not fatal to the command: plain messages and everything else still work, and the next
    // connection tries again.
    keys_problem_ = e.what();
    std::cerr << "sbctl: end-to-end encryption keys not uploaded: " << e.what() << "\n";
  }
}

Connection::~Connection() {
  // Stopped before the messenger and the store go: the I/O thread may be opening a message.
  if (client_) client_->stop();
}

std::string Connection::token(bool rejected) {
  // The client calls this on its I/O thread; the constructor waits meanwhile, so the
  // profile is not touched from two threads at once.
  if (rejected && !refresh_refused_) {
    try {
      refresh();
    } catch (const CliError& e) {
      if (e.code() == exit_code::not_logged_in) refresh_refused_ = true;
    }
  }
  return profile_.access_token;
}

void Connection::refresh() {
  try {
    auto t = client::AuthApi(endpoint_).refresh(profile_.refresh_token);
    profile_.access_token = t.access_token;
    profile_.refresh_token = t.refresh_token;
    profile_.access_expires_at = now_s() + t.expires_in;
    save_profile(inv_.profile, profile_);
  } catch (const client::Error& e) {
    int code = exit_code_for(e);
    if (code == exit_code::not_logged_in || e.status() == 403)
      throw CliError(exit_code::not_logged_in, "the login expired or was revoked (" +
                                                   std::string(e.what()) +
                                                   "): run `sbctl register PHONE`");
    throw CliError(code, "cannot refresh the login at " + server_ + ": " + e.what());
  }
}

client::Reply Connection::call(const std::string& op, client::json::object fields) {
  auto reply = client_->request(op, std::move(fields)).get();
  if (reply.ok) return reply;
  if (reply.error_code == "timeout")
    throw CliError(exit_code::timeout, op + ": no reply from the server in time");
  if (reply.error_code == "disconnected")
    throw CliError(exit_code::unreachable, op + ": " + reply.error_message);
  if (reply.error_code == "unauthorized")
    throw CliError(exit_code::not_logged_in, op + ": " + reply.error_message);
  throw CliError(exit_code::refused,
                 op + " refused: " + reply.error_code +
                     (reply.error_message.empty() ? "" : " (" + reply.error_message + ")"));
}

}  // namespace sbctl
