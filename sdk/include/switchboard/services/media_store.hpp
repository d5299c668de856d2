// SPDX-License-Identifier: Apache-2.0
// MediaStore: where media bytes live (media-fs: files under data_dir; an S3 store could do
// the same). Blobs are content-addressed by SHA-256, written and read as streams, never held
// whole. Thread-safe; calls may block on disk or network: use them off the I/O threads,
// except a BlobWriter's write() and a reader's read(), which the media layer calls on the
// I/O thread with one piece at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <switchboard/http.hpp>
#include <switchboard/services/store_error.hpp>

namespace sb {

struct BlobInfo {
  std::string sha256{};  // lowercase hex of the bytes
  std::uint64_t size = 0;
};

// One blob being written, piece by piece. Destroying it uncommitted discards what it wrote.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  // Appends a piece; the SHA-256 is computed as the bytes go by. Throws StoreError.
  virtual void write(std::string_view piece) = 0;
  virtual std::uint64_t written() const = 0;
  // Stores the bytes under their SHA-256; bytes already stored are kept once (the new copy
  // is dropped). The writer is spent. Throws StoreError.
  virtual BlobInfo commit() = 0;
};

class MediaStore {
 public:
  static constexpr std::string_view service_name = "media-store";
  virtual ~MediaStore() = default;

  // A writer for a new blob. Throws StoreError.
  virtual std::unique_ptr<BlobWriter> create() = 0;
  // `length` bytes of the blob from `offset`, as a response body; null when no such blob
  // (or the range is outside it). Throws StoreError.
  virtual std::unique_ptr<HttpBodySource> read(const std::string& sha256, std::uint64_t offset,
                                               std::uint64_t length) = 0;
  virtual bool contains(const std::string& sha256) = 0;
  // Deletes the blob; deleting a missing blob is not an error. Throws StoreError.
  virtual void remove(const std::string& sha256) = 0;
  // A store that serves downloads itself (a presigned S3 URL) returns where to send the
  // client for this blob, valid for `ttl`; "" (media-fs) means the server streams it.
  virtual std::string direct_url(const std::string& /*sha256*/, std::chrono::seconds /*ttl*/) {
    return {};
  }
};

}  // namespace sb
