// SPDX-License-Identifier: Apache-2.0
// What the end-to-end encryption tests share: sbctl profiles in one temporary home against a
// real daemon (store-sqlite or store-postgres, media-fs and media-layer), listeners, and the
// scan of every file the server keeps for bytes that must not be there.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "daemon.hpp"
#include "e2e_server.hpp"
#include "process.hpp"

namespace sb::e2ee_test {

using e2e::ProcessResult;
using e2e::Server;
using e2e::ServerOptions;

// The real core with media; `store` replaces the store-sqlite lines, `messaging` adds to
// [messaging] (the scenarios put people into groups freely).
ServerOptions e2ee_options(const std::string& store = {}, const std::string& messaging = {});

// A string no one else writes: the needle of the scans.
std::string distinctive(const std::string& what);

// The files under `dir` whose bytes hold `needle` (every regular file, whatever its kind:
// the database, its WAL, media blobs, a dump).
std::vector<std::string> files_holding(const std::filesystem::path& dir, const std::string& needle);

class E2eeTest : public ::testing::Test {
 protected:
  ProcessResult sbctl(std::vector<std::string> args);
  // Registers `profile` as test number `n` (a second profile on the same n is a second
  // device of the same user).
  void register_as(const Server& server, const std::string& profile, int n);
  std::string user_of(const std::string& profile);
  std::string device_of(const std::string& profile);
  // `sbctl listen --json --count n` for `profile`, started. The tests start it after the
  // sends: the inbox is replayed on connect, so nothing depends on when it connects.
  std::unique_ptr<e2e::Process> listen(const std::string& profile, int count, int timeout_s = 30);
  // The message events a finished `listen --json` printed.
  static std::vector<boost::json::object> messages_in(const std::string& out);
  std::filesystem::path store_of(const std::string& profile) const;

  test::TempDir home;
};

}  // namespace sb::e2ee_test
