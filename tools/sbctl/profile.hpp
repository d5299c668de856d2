// SPDX-License-Identifier: Apache-2.0
// Login state, one JSON file per profile under $XDG_CONFIG_HOME/sbctl (or ~/.config/sbctl),
// readable by its owner only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace sbctl {

struct Profile {
  std::string server;
  std::string phone;
  std::string user_id;
  std::string device_id;
  std::string access_token;
  std::string refresh_token;
  std::int64_t access_expires_at = 0;  // seconds since the epoch
  std::string ca{};                    // the --ca file (absolute) the login was made with
};

// $XDG_CONFIG_HOME/sbctl when set and absolute, else $HOME/.config/sbctl.
std::filesystem::path profile_dir();
std::filesystem::path profile_path(const std::string& name);
// The profile's end-to-end encryption state (keys, sessions, opened messages), beside its
// JSON: a SQLite file, owner read/write only (docs/e2ee.md says why SQLite).
std::filesystem::path signal_store_path(const std::string& name);
std::optional<Profile> load_profile(const std::string& name);
// Writes atomically (temporary file, then rename) with mode 0600.
void save_profile(const std::string& name, const Profile& profile);

}  // namespace sbctl
