// SPDX-License-Identifier: Apache-2.0
// See account_file.hpp.
#include "account_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <switchboard/json.hpp>

namespace sb::admin {

std::optional<Role> parse_role(std::string_view s) {
  if (s == "owner") return Role::owner;
  if (s == "operator") return Role::operator_;
  if (s == "viewer") return Role::viewer;
  return std::nullopt;
}

std::string_view to_string(Role r) {
  switch (r) {
    case Role::owner: return "owner";
    case Role::operator_: return "operator";
    case Role::viewer: return "viewer";
  }
  return "viewer";
}

const Admin* Accounts::admin(const std::string& name) const {
  for (auto& a : admins)
    if (a.name == name) return &a;
  return nullptr;
}
Admin* Accounts::admin(const std::string& name) {
  for (auto& a : admins)
    if (a.name == name) return &a;
  return nullptr;
}
std::size_t Accounts::owners() const {
  std::size_t n = 0;
  for (auto& a : admins) n += a.role == Role::owner;
  return n;
}

namespace {

class FileLock {
 public:
  explicit FileLock(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot lock " + path + ": " + std::strerror(errno));
    }
  }
  ~FileLock() { ::close(fd_); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

Role role_of(const json::object& o) {
  auto r = parse_role(o.at("role").as_string());
  if (!r)
    throw std::runtime_error("unknown role \"" + std::string(o.at("role").as_string()) + "\"");
  return *r;
}

}  // namespace

AccountFile::AccountFile(std::string dir)
    : dir_(std::move(dir)), path_(dir_ + "/admins.json"), lock_path_(dir_ + "/admins.lock") {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw std::runtime_error("cannot create " + dir_ + ": " + ec.message());
  ::chmod(dir_.c_str(), 0700);
}

Accounts AccountFile::load_locked() {
  Accounts out;
  std::ifstream in(path_);
  if (!in) return out;
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto doc = json::parse(text.str(), ec);
  if (ec || !doc.is_object()) throw std::runtime_error(path_ + ": not a JSON object");
  try {
    auto& o = doc.as_object();
    if (auto* a = o.if_contains("admins"))
      for (auto& v : a->as_array()) {
        auto& x = v.as_object();
        out.admins.push_back({std::string(x.at("name").as_string()), role_of(x),
                              std::string(x.at("hash").as_string()),
                              x.at("created_ms").to_number<std::int64_t>()});
      }
    if (auto* t = o.if_contains("tokens"))
      for (auto& v : t->as_array()) {
        auto& x = v.as_object();
        out.tokens.push_back(
            {std::string(x.at("id").as_string()), std::string(x.at("name").as_string()), role_of(x),
             std::string(x.at("hash").as_string()), x.at("created_ms").to_number<std::int64_t>(),
             x.at("expires_ms").to_number<std::int64_t>(),
             std::string(x.at("created_by").as_string())});
      }
  } catch (const std::exception& e) {
    throw std::runtime_error(path_ + ": " + e.what());
  }
  return out;
}

void AccountFile::save_locked(const Accounts& a) {
  json::array admins, tokens;
  for (auto& x : a.admins)
    admins.push_back(json::object{{"name", x.name},
                                  {"role", to_string(x.role)},
                                  {"hash", x.hash},
                                  {"created_ms", x.created_ms}});
  for (auto& t : a.tokens)
    tokens.push_back(json::object{{"id", t.id},
                                  {"name", t.name},
                                  {"role", to_string(t.role)},
                                  {"hash", t.hash},
                                  {"created_ms", t.created_ms},
                                  {"expires_ms", t.expires_ms},
                                  {"created_by", t.created_by}});
  auto text = json::serialize(json::object{{"admins", admins}, {"tokens", tokens}});
  auto tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path_.c_str()) != 0)
    throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
}

Accounts AccountFile::read() {
  std::lock_guard lock(mutex_);
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) {
    cached_ = {};
    cached_mtime_ns_ = cached_size_ = -1;
    return cached_;
  }
  auto mtime = std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
  auto ino = static_cast<std::int64_t>(st.st_ino);
  // Every write is a rename, so a new inode means a new file even within one mtime tick.
  if (mtime != cached_mtime_ns_ || st.st_size != cached_size_ || ino != cached_ino_) {
    FileLock fl(lock_path_);
    cached_ = load_locked();
    cached_mtime_ns_ = mtime;
    cached_size_ = st.st_size;
    cached_ino_ = ino;
  }
  return cached_;
}

void AccountFile::update(const std::function<void(Accounts&)>& change) {
  std::lock_guard lock(mutex_);
  FileLock fl(lock_path_);
  auto a = load_locked();
  change(a);
  save_locked(a);
  cached_ = a;
  cached_mtime_ns_ = -1;  // re-stat on the next read
}

}  // namespace sb::admin
