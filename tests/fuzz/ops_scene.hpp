// SPDX-License-Identifier: Apache-2.0
// The world the op fuzz target (ops_fuzz.cpp) and its seed check run requests in: the real
// core in-process (store-sqlite, policy-groups, a push provider) with rate limits off, one
// session whose requests are fuzzed, and other people, groups, posts and codes for them to
// name. Seeds say `$BOB`, `$G`, ...; run() puts the scene's ids in before the core sees them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <switchboard/json.hpp>

namespace sb::kernel {
class Server;
}

namespace sb::fuzz {

class Peer;

class OpsScene {
 public:
  OpsScene();
  ~OpsScene();
  OpsScene(const OpsScene&) = delete;
  OpsScene& operator=(const OpsScene&) = delete;

  // Replaces the placeholders, hands the frame to the fuzzed session and waits for its
  // reply: nullopt when it sends none (typing without an id) or its session was closed
  // (account.delete, devices.revoke of itself), after which the scene is built again. Aborts
  // when no reply comes within 5 s: an op that never answers is a bug like a crash.
  std::optional<json::object> run(std::string_view frame);

  // Starts over with a fresh server and data directory (bounds what a long run stores).
  void restart();
  // Builds the people, groups and posts again on the running server.
  void rebuild();
  // The placeholders and what they stand for now.
  const std::map<std::string, std::string>& names() const { return names_; }
  std::uint64_t runs() const { return runs_; }
  // The last frame run() handed to the core (placeholders replaced).
  const std::string& last_frame() const { return last_frame_; }

 private:
  void start_server();
  void stop_server();
  std::string substitute(std::string_view frame) const;

  std::filesystem::path dir_;
  std::unique_ptr<kernel::Server> server_;
  std::map<int, std::unique_ptr<Peer>> peers_;  // by phone number
  std::unique_ptr<Peer> laptop_;                // the fuzzed user's other device
  std::map<std::string, std::string> names_;
  std::string last_frame_;
  std::uint64_t runs_ = 0;
  int generation_ = 0;
};

}  // namespace sb::fuzz
