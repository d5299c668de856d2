// SPDX-License-Identifier: Apache-2.0
// A logged-in connection for one sbctl command: the profile's tokens (refreshed when the
// access token expired or was refused, and saved back), a connected client, and calls that
// turn every failure into a CliError with the right exit code. Every connection also opens
// the profile's end-to-end encryption state: the keys are uploaded if they never were,
// keys.low is answered, and message events reach the handler with their bodies decrypted.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <switchboard/client/client.hpp>
#include <switchboard/client/e2ee.hpp>
#include <switchboard/client/e2ee_messenger.hpp>
#include <switchboard/client/error.hpp>
#include <switchboard/client/signal_store.hpp>
#include <switchboard/client/url.hpp>

#include "cli.hpp"
#include "profile.hpp"

namespace sbctl {

class Connection {
 public:
  // Loads the profile (CliError not_logged_in when there is none), refreshes the access
  // token if it expired, connects (CliError unreachable / not_logged_in on failure).
  // `on_event` is set before connecting; only a connection with one acks what it receives
  // (the others leave the inbox to `listen`). A message event's body is replaced by the
  // decrypted one, or removed and `undecryptable` set to the reason.
  Connection(const Invocation& inv, sb::client::Client::EventHandler on_event = {});
  ~Connection();

  // One request; CliError refused (or timeout, unreachable) unless the reply is ok.
  sb::client::Reply call(const std::string& op, sb::client::json::object fields = {});
  sb::client::Client& client() { return *client_; }
  const Profile& profile() const { return profile_; }
  const sb::client::Endpoint& endpoint() const { return endpoint_; }
  // The access token the connection uses, for HTTP calls beside it (media uploads).
  std::string access_token() { return token(false); }
  // True once the server refused both the access token and its refresh: logged out.
  bool logged_out() const { return refresh_refused_.load(); }
  sb::client::E2ee& e2ee() { return *e2ee_; }
  sb::client::E2eeMessenger& messenger() { return *messenger_; }
  // Why the keys could not be uploaded at connect, or empty.
  const std::string& keys_problem() const { return keys_problem_; }

 private:
  std::string token(bool rejected);
  void refresh();

  const Invocation& inv_;
  Profile profile_;
  std::string server_;
  sb::client::Endpoint endpoint_;
  std::unique_ptr<sb::client::SignalStore> store_;
  std::unique_ptr<sb::client::E2ee> e2ee_;
  std::unique_ptr<sb::client::Client> client_;
  std::unique_ptr<sb::client::E2eeMessenger> messenger_;
  std::string keys_problem_;
  std::atomic<bool> refresh_refused_{false};
};

// A message event as the handler gets it: `opened`'s body in place of the ciphertext.
sb::client::Event with_opened_body(const sb::client::Event& e,
                                   const sb::client::OpenedMessage& opened);

// The exit code for a client library error.
int exit_code_for(const sb::client::Error& e);

// The server URL for a command: --server, else the profile's, else the default.
std::string server_for(const Invocation& inv, const std::optional<Profile>& profile);

// Where that server is and whom to trust for it: --ca (made absolute), else the profile's CA
// when the server is the profile's, else the system's store. A bad URL is a usage error.
sb::client::Endpoint endpoint_for(const Invocation& inv, const std::optional<Profile>& profile);

}  // namespace sbctl
