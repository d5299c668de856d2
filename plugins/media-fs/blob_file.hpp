// SPDX-License-Identifier: Apache-2.0
// The two file halves of media-fs: a writer that hashes what it writes into a temporary
// file, and a reader that serves a byte range of a stored blob with pread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <openssl/evp.h>
#include <switchboard/services/media_store.hpp>

namespace media_fs {

class BlobFileWriter final : public sb::BlobWriter {
 public:
  // `place` moves the finished temporary file to its content address (and says where).
  using Place = std::function<void(const std::filesystem::path& tmp, const std::string& sha256)>;
  BlobFileWriter(std::filesystem::path tmp, Place place);
  ~BlobFileWriter() override;
  void write(std::string_view piece) override;
  std::uint64_t written() const override { return written_; }
  sb::BlobInfo commit() override;

 private:
  std::filesystem::path tmp_;
  Place place_;
  int fd_ = -1;
  EVP_MD_CTX* sha_ = nullptr;
  std::uint64_t written_ = 0;
};

class BlobFileReader final : public sb::HttpBodySource {
 public:
  BlobFileReader(int fd, std::uint64_t offset, std::uint64_t length)
      : fd_(fd), offset_(offset), left_(length), size_(length) {}
  ~BlobFileReader() override;
  std::uint64_t size() const override { return size_; }
  std::size_t read(char* out, std::size_t max) override;

 private:
  int fd_;
  std::uint64_t offset_, left_, size_;
};

}  // namespace media_fs
