// SPDX-License-Identifier: Apache-2.0
// A server with the bots-lua plugin over a folder holding the example bots (scripts/bots)
// and the hostile scripts below, tight limits, and helpers to talk to bots.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "chat_harness.hpp"

namespace sb::bots::test {

using namespace std::chrono_literals;
using core::test::Client;

class BotsTest : public core::test::ChatTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::string extra_config() const override;
  // Writes a test's own scripts before the server starts.
  virtual void add_scripts() {}

  // Writes (or rewrites) scripts/<name>.lua.
  void write_script(const std::string& name, const std::string& code);
  // Sends `text` from `from` to the bot; expects the send to succeed.
  void tell(Client& from, const std::string& bot, const std::string& text);
  // The next message `to` receives from bot:<bot>; empty on timeout. Acks it.
  json::object next_from(Client& to, const std::string& bot, std::chrono::milliseconds wait = 5s);
  // The text of the next message from the bot, or "<none>".
  std::string reply_text(Client& to, const std::string& bot, std::chrono::milliseconds wait = 5s);
  // The bots.list entry of `bot` (empty when not listed).
  json::object listed(Client& asker, const std::string& bot);
  // Polls bots.list until `pred` holds for `bot`'s entry.
  bool wait_listed(Client& asker, const std::string& bot,
                   const std::function<bool(const json::object&)>& pred,
                   std::chrono::milliseconds wait = 5s);
  // GET /readyz: the bots instance's health {state, reason}.
  json::object bots_health();

  std::filesystem::path scripts;
};

// The `text` field of a message event's body ("" when there is none).
std::string text_of(const json::object& message);

}  // namespace sb::bots::test
