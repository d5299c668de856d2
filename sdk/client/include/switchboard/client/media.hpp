// SPDX-License-Identifier: Apache-2.0
// Files as media (docs/media.md): sealed with a fresh AES-256-GCM key, uploaded resumably
// (tus), fetched through a signed link in ranges and opened again. The server only ever
// holds ciphertext; what a receiver needs (id, key, hash) travels in the message body.
// Memory use does not grow with the file: both directions stream through fixed buffers.
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <string>

#include <switchboard/client/client.hpp>
#include <switchboard/client/http_api.hpp>

namespace sb::client {

// What a message body carries for one file ({"file": media_file_fields(f)}).
struct MediaFile {
  std::string media_id;
  std::string key;                                        // 64 hex digits: the AES-256-GCM key
  std::string sha256;                                     // of the uploaded (sealed) bytes
  std::uint64_t size = 0;                                 // of the uploaded bytes
  std::string content_type = "application/octet-stream";  // of the plaintext
  std::string name{};                                     // the file's name, without a directory
};

json::object media_file_fields(const MediaFile& file);
// Throws Error(protocol, "bad_media") naming the missing or malformed field.
MediaFile media_file_from(const json::object& fields);

struct UploadOptions {
  std::string content_type = "application/octet-stream";
  std::size_t chunk_bytes = 4 * 1024 * 1024;  // per PATCH
  int max_attempts = 5;                       // per chunk, across dropped connections
};
// A forward re-uses the MediaFile (id and key) and uploads nothing; media.exists answers
// for bytes already uploaded, which a fresh key makes a question about re-sent files.

class MediaApi {
 public:
  MediaApi(Endpoint server, std::string access_token)
      : server_(std::move(server)), token_(std::move(access_token)) {}

  // Seals `path` (in a temporary file beside the system's temp dir) and uploads it, resuming
  // from the server's offset after a dropped connection. Throws Error: refused with the
  // server's code (too_large, quota_exceeded, ...), local for the file.
  MediaFile upload_file(const std::string& path, const UploadOptions& options = {});

  // Fetches `link` (media.url's "url") in ranges of `chunk_bytes`, checks the hash, and
  // opens it into `out_path`, which appears only when everything matched.
  void download_file(const std::string& link, const MediaFile& file, const std::string& out_path,
                     std::size_t chunk_bytes = 4 * 1024 * 1024);

 private:
  std::uint64_t resume_offset(const std::string& location);

  Endpoint server_;
  std::string token_;
};

// The media ops over a connection.
std::future<Reply> media_url(Client& client, const std::string& media_id);
std::future<Reply> media_exists(Client& client, const std::string& sha256);
std::future<Reply> media_delete(Client& client, const std::string& media_id);

}  // namespace sb::client
