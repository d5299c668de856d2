// SPDX-License-Identifier: Apache-2.0
// StatusStore: status posts (stories) with their audience and view receipts, kept until they
// expire. The core decides who may see a post; the store only narrows the candidates. Called
// from core workers; may block; throws StoreError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/store_error.hpp>

namespace sb {

struct StatusPost {
  std::string id{};
  std::string user{};                // the poster
  std::string text{};                // a text status
  std::string media{};               // or a media id
  std::string privacy{};             // "contacts", "contacts_except" or "only"
  std::vector<std::string> users{};  // excepted ("contacts_except") or chosen ("only")
  std::int64_t posted_ms = 0;
  std::int64_t expires_ms = 0;
};

struct StatusView {
  std::string viewer{};
  std::int64_t ts = 0;
};

class StatusStore {
 public:
  static constexpr std::string_view service_name = "status-store";
  virtual ~StatusStore() = default;

  virtual void add_status(const StatusPost& post) = 0;
  virtual std::optional<StatusPost> status(const std::string& id) = 0;
  // The user's posts not expired at `now_ms`, newest first.
  virtual std::vector<StatusPost> statuses_of(const std::string& user, std::int64_t now_ms) = 0;
  // Posts not expired at `now_ms` that `viewer` may be meant to see: their poster has the
  // viewer as a contact, or their `users` name the viewer. Newest first, at most `limit`.
  virtual std::vector<StatusPost> feed_candidates(const std::string& viewer, std::int64_t now_ms,
                                                  std::size_t limit) = 0;
  // Removes the post with its audience and views. False when there was none.
  virtual bool delete_status(const std::string& id) = 0;
  // Records that `viewer` saw the post; seeing it again keeps the first time. False when it
  // was seen before.
  virtual bool add_view(const std::string& id, const std::string& viewer, std::int64_t ts) = 0;
  // Who saw the post, first viewer first.
  virtual std::vector<StatusView> views(const std::string& id) = 0;
  // Removes up to `limit` posts with expires_ms <= `now_ms` and returns their ids (their
  // media holds are the caller's to release).
  virtual std::vector<std::string> sweep_statuses(std::int64_t now_ms, std::size_t limit) = 0;
};

}  // namespace sb
