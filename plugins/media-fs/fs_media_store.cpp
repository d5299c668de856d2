// SPDX-License-Identifier: Apache-2.0
// See fs_media_store.hpp.
#include "fs_media_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <openssl/rand.h>

#include "blob_file.hpp"

namespace media_fs {

namespace fs = std::filesystem;

namespace {

void make_dir(const fs::path& p) {
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) throw std::runtime_error("cannot create " + p.string() + ": " + ec.message());
  fs::permissions(p, fs::perms::owner_all, fs::perm_options::replace, ec);
}

bool is_hash(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string random_name() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1)
    throw sb::StoreError(sb::StoreError::Kind::unavailable, "no randomness for a file name");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) {
    s += kHex[c >> 4];
    s += kHex[c & 15];
  }
  return s;
}

}  // namespace

FsMediaStore::FsMediaStore(fs::path dir) : blobs_(dir / "blobs"), tmp_(dir / "tmp") {
  make_dir(dir);
  make_dir(blobs_);
  std::error_code ec;
  fs::remove_all(tmp_, ec);  // uploads cut off by a restart
  make_dir(tmp_);
}

fs::path FsMediaStore::path_of(const std::string& sha256) const {
  if (!is_hash(sha256)) return {};
  return blobs_ / sha256.substr(0, 2) / sha256;
}

std::unique_ptr<sb::BlobWriter> FsMediaStore::create() {
  return std::make_unique<BlobFileWriter>(
      tmp_ / random_name(), [this](const fs::path& tmp, const std::string& sha256) {
        auto dest = path_of(sha256);
        make_dir(dest.parent_path());
        // link() refuses an existing name: the bytes are stored already, keep that copy.
        if (::link(tmp.c_str(), dest.c_str()) != 0 && errno != EEXIST)
          throw sb::StoreError(sb::StoreError::Kind::unavailable,
                               "cannot store " + dest.string() + ": " + std::strerror(errno));
        std::error_code ec;
        fs::remove(tmp, ec);
      });
}

std::unique_ptr<sb::HttpBodySource> FsMediaStore::read(const std::string& sha256,
                                                       std::uint64_t offset, std::uint64_t length) {
  auto p = path_of(sha256);
  if (p.empty()) return nullptr;
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return nullptr;
    throw sb::StoreError(sb::StoreError::Kind::unavailable,
                         "cannot open " + p.string() + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || offset > static_cast<std::uint64_t>(st.st_size) ||
      length > static_cast<std::uint64_t>(st.st_size) - offset) {
    ::close(fd);
    return nullptr;
  }
  ::posix_fadvise(fd, static_cast<off_t>(offset), static_cast<off_t>(length),
                  POSIX_FADV_SEQUENTIAL);
  return std::make_unique<BlobFileReader>(fd, offset, length);
}

bool FsMediaStore::contains(const std::string& sha256) {
  auto p = path_of(sha256);
  std::error_code ec;
  return !p.empty() && fs::exists(p, ec);
}

void FsMediaStore::remove(const std::string& sha256) {
  auto p = path_of(sha256);
  if (p.empty()) return;
  std::error_code ec;
  fs::remove(p, ec);
  if (ec)
    throw sb::StoreError(sb::StoreError::Kind::unavailable,
                         "cannot delete " + p.string() + ": " + ec.message());
}

void MediaFsPlugin::start(const Config& config, sb::Context& ctx) {
  fs::path dir = config.dir.empty() ? fs::path(ctx.data_dir()) / std::string(ctx.instance_id())
                                    : fs::path(config.dir);
  ctx.services().provide<sb::MediaStore>(std::make_shared<FsMediaStore>(dir));
  ctx.log().info("media blobs are files", {{"dir", dir.string()}});
}

}  // namespace media_fs
