// SPDX-License-Identifier: Apache-2.0
// See profile.hpp.
#include "profile.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "errors.hpp"

namespace sbctl {

namespace json = boost::json;
namespace fs = std::filesystem;

fs::path profile_dir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg == '/') return fs::path(xdg) / "sbctl";
  const char* home = std::getenv("HOME");
  if (!home || !*home)
    throw CliError(exit_code::failure, "neither $XDG_CONFIG_HOME nor $HOME is set");
  return fs::path(home) / ".config" / "sbctl";
}

fs::path profile_path(const std::string& name) {
  return profile_dir() / (name + ".json");
}

fs::path signal_store_path(const std::string& name) {
  return profile_dir() / (name + ".signal.db");
}

namespace {

std::string text(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::optional<Profile> load_profile(const std::string& name) {
  std::ifstream in(profile_path(name));
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  auto v = json::parse(ss.str(), ec);
  if (ec || !v.is_object())
    throw CliError(exit_code::failure, profile_path(name).string() + " is not valid JSON");
  auto& o = v.as_object();
  Profile p{text(o, "server"),
            text(o, "phone"),
            text(o, "user_id"),
            text(o, "device_id"),
            text(o, "access_token"),
            text(o, "refresh_token"),
            0,
            text(o, "ca")};
  if (auto* e = o.if_contains("access_expires_at"); e && e->is_int64())
    p.access_expires_at = e->get_int64();
  return p;
}

void save_profile(const std::string& name, const Profile& p) {
  auto dir = profile_dir();
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  json::object o{{"server", p.server},
                 {"phone", p.phone},
                 {"user_id", p.user_id},
                 {"device_id", p.device_id},
                 {"access_token", p.access_token},
                 {"refresh_token", p.refresh_token},
                 {"access_expires_at", p.access_expires_at}};
  if (!p.ca.empty()) o["ca"] = p.ca;
  auto path = profile_path(name);
  auto tmp = path;
  tmp += ".tmp";
  {
    mode_t old = ::umask(077);
    std::ofstream out(tmp, std::ios::trunc);
    ::umask(old);
    out << json::serialize(o) << "\n";
    if (!out) throw CliError(exit_code::failure, "cannot write " + tmp.string());
  }
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                  ec);
  fs::rename(tmp, path, ec);
  if (ec) throw CliError(exit_code::failure, "cannot write " + path.string() + ": " + ec.message());
}

}  // namespace sbctl
