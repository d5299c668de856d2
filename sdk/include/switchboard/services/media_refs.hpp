// SPDX-License-Identifier: Apache-2.0
// MediaRefs: who holds each stored media id, so that retention deletes only media nobody
// holds, and signed download links for holders that check visibility themselves (status
// feeds, profiles). Provided by the media layer; messages, status posts and profiles call
// it. Called from core workers; may block; throws StoreError.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <switchboard/services/store_error.hpp>

namespace sb {

class MediaRefs {
 public:
  static constexpr std::string_view service_name = "media-refs";
  virtual ~MediaRefs() = default;

  // The user who uploaded the media; "" when no such media is stored.
  virtual std::string media_owner(const std::string& media_id) = 0;
  // Records that `holder` holds the media; holding twice is one hold. A holder is
  // "<kind>:<id>": "msg:<chat>:<seq>", "status:<id>", "profile:<user>". False when no such
  // media is stored.
  virtual bool hold(const std::string& media_id, const std::string& holder) = 0;
  // Drops every hold of `holder`. Media nobody holds is deleted after the configured
  // retention and its bytes leave the uploader's quota.
  virtual void release(const std::string& holder) = 0;
  // A signed download URL (a path with its query, e.g. "/v1/media/<id>?exp=..&sig=..")
  // valid for the configured time; "" when no such media is stored. The caller has already
  // decided that the requester may see the media.
  virtual std::string signed_url(const std::string& media_id) = 0;
};

}  // namespace sb
