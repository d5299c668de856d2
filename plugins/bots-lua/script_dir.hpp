// SPDX-License-Identifier: Apache-2.0
// The folder of bot scripts: which *.lua files appeared, changed (mtime, size or inode) or
// went away since the last scan. A bot's name is its file's stem.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace bots_lua {

struct ScriptChanges {
  std::vector<std::string> added, changed, removed;
  bool empty() const { return added.empty() && changed.empty() && removed.empty(); }
};

class ScriptDir {
 public:
  explicit ScriptDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The first scan reports every script as added. A missing folder has no scripts.
  ScriptChanges scan();
  std::filesystem::path path_of(const std::string& name) const { return dir_ / (name + ".lua"); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  using Stamp = std::tuple<std::int64_t, std::uintmax_t, std::uintmax_t>;
  std::filesystem::path dir_;
  std::map<std::string, Stamp> seen_;
};

}  // namespace bots_lua
