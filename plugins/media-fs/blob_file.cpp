// SPDX-License-Identifier: Apache-2.0
// See blob_file.hpp. Files are created 0600: the bytes are ciphertext, but the server's
// files are nobody else's business.
#include "blob_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace media_fs {

namespace {
sb::StoreError io_error(const std::string& what, const std::filesystem::path& p) {
  return sb::StoreError(sb::StoreError::Kind::unavailable,
                        what + " " + p.string() + ": " + std::strerror(errno));
}
}  // namespace

BlobFileWriter::BlobFileWriter(std::filesystem::path tmp, Place place)
    : tmp_(std::move(tmp)), place_(std::move(place)) {
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0) throw io_error("cannot create", tmp_);
  sha_ = EVP_MD_CTX_new();
  if (!sha_ || EVP_DigestInit_ex(sha_, EVP_sha256(), nullptr) != 1)
    throw sb::StoreError(sb::StoreError::Kind::unavailable, "cannot start SHA-256");
}

BlobFileWriter::~BlobFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
  }
  EVP_MD_CTX_free(sha_);
}

void BlobFileWriter::write(std::string_view piece) {
  if (fd_ < 0)
    throw sb::StoreError(sb::StoreError::Kind::unavailable, "the blob is already committed");
  EVP_DigestUpdate(sha_, piece.data(), piece.size());
  while (!piece.empty()) {
    auto n = ::write(fd_, piece.data(), piece.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw io_error("cannot write", tmp_);
    piece.remove_prefix(static_cast<std::size_t>(n));
    written_ += static_cast<std::uint64_t>(n);
  }
}

sb::BlobInfo BlobFileWriter::commit() {
  if (fd_ < 0)
    throw sb::StoreError(sb::StoreError::Kind::unavailable, "the blob is already committed");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(sha_, digest, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  bool synced = ::fsync(fd_) == 0;
  ::close(fd_);
  fd_ = -1;
  if (!synced) {
    std::error_code ec;
    std::filesystem::remove(tmp_, ec);
    throw io_error("cannot sync", tmp_);
  }
  place_(tmp_, hex);
  return {hex, written_};
}

BlobFileReader::~BlobFileReader() {
  ::close(fd_);
}

std::size_t BlobFileReader::read(char* out, std::size_t max) {
  if (left_ == 0) return 0;
  if (max > left_) max = static_cast<std::size_t>(left_);
  ssize_t n;
  do {
    n = ::pread(fd_, out, max, static_cast<off_t>(offset_));
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return 0;
  offset_ += static_cast<std::uint64_t>(n);
  left_ -= static_cast<std::uint64_t>(n);
  return static_cast<std::size_t>(n);
}

}  // namespace media_fs
