// SPDX-License-Identifier: Apache-2.0
// The MediaStore of media-fs: blobs/<2 hex>/<64 hex> under its folder, named by the SHA-256
// of their bytes, so no name a client chose ever reaches the disk; uploads in progress in
// tmp/ (emptied at start).
#pragma once

#include <filesystem>
#include <switchboard/plugin.hpp>
#include <switchboard/services/media_store.hpp>

#include "config.hpp"

namespace media_fs {

class FsMediaStore final : public sb::MediaStore {
 public:
  // Creates the folders (0700); throws std::runtime_error naming one it cannot make.
  explicit FsMediaStore(std::filesystem::path dir);

  std::unique_ptr<sb::BlobWriter> create() override;
  std::unique_ptr<sb::HttpBodySource> read(const std::string& sha256, std::uint64_t offset,
                                           std::uint64_t length) override;
  bool contains(const std::string& sha256) override;
  void remove(const std::string& sha256) override;

  // Where a blob lives; empty for anything that is not 64 lowercase hex digits.
  std::filesystem::path path_of(const std::string& sha256) const;

 private:
  std::filesystem::path blobs_, tmp_;
};

class MediaFsPlugin final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
};

}  // namespace media_fs
