// SPDX-License-Identifier: Apache-2.0
// See vapid_key_file.hpp.
#include "vapid_key_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace webpush {

namespace fs = std::filesystem;

namespace {

// O_EXCL: two instances starting together never overwrite each other's fresh key; the
// loser reads the winner's.
bool create_exclusive(const std::string& path, const std::string& pem) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw std::runtime_error("cannot create the VAPID key file " + path + ": " +
                             std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < pem.size()) {
    ssize_t n = ::write(fd, pem.data() + done, pem.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      ::unlink(path.c_str());
      throw std::runtime_error("cannot write the VAPID key file " + path + ": " +
                               std::strerror(err));
    }
    done += std::size_t(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw std::runtime_error("cannot write the VAPID key file " + path + ": " +
                             std::strerror(errno));
  return true;
}

}  // namespace

VapidKeySource load_vapid_key(const std::string& configured_file, const std::string& data_dir) {
  if (!configured_file.empty()) {
    if (!fs::exists(configured_file))
      throw std::runtime_error("private_key_file: " + configured_file +
                               " does not exist (leave private_key_file empty to have one "
                               "generated in the data directory)");
    try {
      return {read_private_pem(configured_file), configured_file, false};
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("private_key_file: ") + e.what());
    }
  }
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  std::string path = (fs::path(data_dir) / "vapid.pem").string();
  if (!fs::exists(path)) {
    Key key = generate_p256();
    if (create_exclusive(path, private_pem(key))) return {std::move(key), path, true};
  }
  return {read_private_pem(path), path, false};
}

}  // namespace webpush
