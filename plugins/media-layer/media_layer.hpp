// SPDX-License-Identifier: Apache-2.0
// The media layer's shared part: the blob store, the index, who may see what, signed links,
// the MediaRefs service, retention, and the worker pool where blocking calls run.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/thread_pool.hpp>
#include <switchboard/log.hpp>
#include <switchboard/services/group_store.hpp>
#include <switchboard/services/media_index.hpp>
#include <switchboard/services/media_refs.hpp>
#include <switchboard/services/media_store.hpp>
#include <switchboard/services/messaging.hpp>

#include "config.hpp"
#include "upload_sessions.hpp"
#include "url_signer.hpp"

namespace media_layer {

struct Parts {
  Config config;
  std::shared_ptr<sb::MediaStore> store;
  std::shared_ptr<sb::MediaIndex> index;
  std::shared_ptr<sb::Messaging> messaging;
  std::shared_ptr<sb::GroupStore> groups;
  sb::Logger& log;
  std::string url_key;
};

class MediaLayer final : public sb::MediaRefs {
 public:
  explicit MediaLayer(Parts parts);
  ~MediaLayer() override;

  // MediaRefs
  std::string media_owner(const std::string& media_id) override;
  bool hold(const std::string& media_id, const std::string& holder) override;
  void release(const std::string& holder) override;
  std::string signed_url(const std::string& media_id) override;

  // The uploader, or a member of a chat a message holding the media went to.
  bool may_see(const std::string& user, const sb::MediaRecord& media);
  // Deletes the record, and the blob when no other record uses it.
  void forget(const sb::MediaRecord& media);
  // Stores a committed upload of `owner`: the owner's earlier record of the same bytes when
  // there is one (dedup), else a new record; throws QuotaExceeded over the quota.
  sb::MediaRecord record_upload(const std::string& owner, const sb::BlobInfo& blob,
                                const std::string& content_type);
  // Retention: lapsed message holds, media unheld for retention_seconds, idle uploads.
  void sweep();

  // Runs blocking work off the I/O and timer threads.
  void run(std::function<void()> work);
  std::int64_t now_ms() const { return clock_(); }
  // For tests of expiry and retention (the plugin's clock; default: the system clock).
  void set_clock(std::function<std::int64_t()> clock) { clock_ = std::move(clock); }

  const Config config;
  const std::shared_ptr<sb::MediaStore> store;
  const std::shared_ptr<sb::MediaIndex> index;
  const std::shared_ptr<sb::Messaging> messaging;
  sb::Logger& log;
  const UrlSigner signer;
  UploadSessions uploads;

 private:
  bool in_chat(const std::string& user, std::string_view chat);

  std::shared_ptr<sb::GroupStore> groups_;
  std::function<std::int64_t()> clock_;
  boost::asio::thread_pool pool_{2};
};

struct QuotaExceeded : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A fresh media or upload id: a prefix and 32 random hex digits.
std::string random_id(std::string_view prefix);
// Whether `id` looks like one random_id made (anything else is refused before a lookup).
bool valid_id(std::string_view id, std::string_view prefix);

}  // namespace media_layer
