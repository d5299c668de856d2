// SPDX-License-Identifier: Apache-2.0
// See data_dir.hpp. Modes are tightened, never widened: a file the operator made 0400 stays so.
#include "kernel/host/data_dir.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace sb::kernel {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kNamedInLog = 20;
constexpr auto kOthers = fs::perms::group_all | fs::perms::others_all;

std::string octal(fs::perms p) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(p & fs::perms::mask));
  return text;
}

class Tightener {
 public:
  explicit Tightener(Logger& log) : log_(log) {}

  void visit(const fs::path& p, const fs::file_status& st) {
    if (fs::is_symlink(st) || (st.permissions() & kOthers) == fs::perms::none) return;
    std::error_code ec;
    fs::permissions(p, kOthers, fs::perm_options::remove, ec);
    if (ec) {
      log_.warn("data_dir: cannot take group and other access away",
                {{"path", p.string()}, {"mode", octal(st.permissions())}, {"error", ec.message()}});
      return;
    }
    if (++changed_ <= kNamedInLog)
      log_.warn("data_dir: took group and other access away",
                {{"path", p.string()},
                 {"was", octal(st.permissions())},
                 {"now", octal(st.permissions() & ~kOthers)}});
  }
  std::size_t changed() const { return changed_; }

 private:
  Logger& log_;
  std::size_t changed_ = 0;
};

}  // namespace

void restrict_umask() {
  mode_t current = ::umask(077);
  ::umask(current | 077);
}

std::size_t prepare_data_dir(const std::string& path, Logger& log) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fs::create_directories(path, ec);
    if (ec)
      throw std::runtime_error("server.data_dir: cannot create " + path + ": " + ec.message());
    // The umask may be looser than ours when the kernel runs inside another program (tests).
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
    return 0;
  }
  if (!fs::is_directory(path, ec))
    throw std::runtime_error("server.data_dir: " + path + " is not a directory");
  Tightener t(log);
  t.visit(path, fs::symlink_status(path, ec));
  for (auto it = fs::recursive_directory_iterator(
           path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code gone;  // a file removed meanwhile is skipped
    auto st = it->symlink_status(gone);
    if (!gone) t.visit(it->path(), st);
  }
  if (ec)
    log.warn("data_dir: could not look at everything in it",
             {{"path", path}, {"error", ec.message()}});
  if (t.changed() > kNamedInLog)
    log.warn("data_dir: took group and other access away from more files",
             {{"path", path}, {"count", t.changed() - kNamedInLog}});
  return t.changed();
}

}  // namespace sb::kernel
