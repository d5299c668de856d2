// SPDX-License-Identifier: Apache-2.0
// MediaIndex: what the media layer records about uploads (owner, hash, size, type), who
// holds each one, and each user's usage, kept by the store plugins (SQLite, PostgreSQL)
// beside their other tables. Called from the media layer's workers; blocks; throws
// StoreError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/store_error.hpp>

namespace sb {

struct MediaRecord {
  std::string id{};
  std::string owner{};   // the uploader's user id
  std::string sha256{};  // of the (encrypted) bytes: the blob's key in the MediaStore
  std::uint64_t size = 0;
  std::string content_type{};  // as declared at upload
  std::int64_t created_ms = 0;
};

class MediaIndex {
 public:
  static constexpr std::string_view service_name = "media-index";
  virtual ~MediaIndex() = default;

  // Records an upload; it counts as unheld from created_ms. Throws StoreError (also when
  // the id exists).
  virtual void add(const MediaRecord& record) = 0;
  virtual std::optional<MediaRecord> get(const std::string& id) = 0;
  // A record of `owner` with these bytes, if any (asking before uploading; dedup).
  virtual std::optional<MediaRecord> find_by_hash(const std::string& owner,
                                                  const std::string& sha256) = 0;
  // How many records (any owner) use the blob: it is deleted when this reaches 0.
  virtual std::uint64_t hash_users(const std::string& sha256) = 0;
  // The sum of the sizes of `owner`'s records: what the quota counts.
  virtual std::uint64_t usage(const std::string& owner) = 0;
  // Removes the record and its holds. False when there was none.
  virtual bool remove(const std::string& id) = 0;

  // Records a hold (twice is once). False when no such media.
  virtual bool hold(const std::string& id, const std::string& holder, std::int64_t now_ms) = 0;
  // Drops every hold of `holder`; media left without holds counts as unheld from now_ms.
  virtual void release(const std::string& holder, std::int64_t now_ms) = 0;
  // Drops the holds whose holder starts with `prefix` taken before `before_ms` (message
  // holds lapse with message retention); returns how many.
  virtual std::size_t release_older(std::string_view prefix, std::int64_t before_ms,
                                    std::int64_t now_ms) = 0;
  // The holders of one media, at most `max`.
  virtual std::vector<std::string> holders(const std::string& id, std::size_t max) = 0;
  // At most `max` records that nobody has held since before `before_ms` (or ever, and were
  // created before it): what retention deletes.
  virtual std::vector<MediaRecord> unheld_since(std::int64_t before_ms, std::size_t max) = 0;
};

}  // namespace sb
