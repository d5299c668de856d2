// SPDX-License-Identifier: Apache-2.0
// See media_access.hpp.
#include "kernel/core/media_access.hpp"

#include "kernel/core/engine.hpp"
#include "kernel/core/protocol.hpp"
#include "kernel/core/social_stores.hpp"

namespace sb::core {

std::string status_holder(const std::string& status) {
  return "status:" + status;
}

std::string profile_holder(const std::string& user) {
  return "profile:" + user;
}

void check_own_media(Engine& e, std::string_view field, const std::string& media,
                     const std::string& user) {
  std::string f = "field \"" + std::string(field) + "\"";
  auto media_refs = social_stores(e)->media;
  if (!media_refs)  // the field is named, since the caller chose to send media
    throw ProtocolError("unavailable", f + ": this server keeps no media (no media-refs service)");
  auto owner = media_refs->media_owner(media);
  if (owner.empty()) throw not_found(f + ": no media \"" + media + "\"");
  if (owner != user) throw forbidden(f + ": only media you uploaded can be used here");
}

void hold_media(Engine& e, const std::string& media, const std::string& holder) {
  if (!require_social(e, &SocialStores::media, "media", "media-refs")->hold(media, holder))
    throw not_found("media \"" + media + "\" is gone (deleted while this call ran)");
}

void release_media(Engine& e, const std::string& holder) {
  if (auto m = social_stores(e)->media) m->release(holder);
}

std::string media_url(Engine& e, const std::string& media) {
  auto m = social_stores(e)->media;
  if (!m || media.empty()) return {};
  return m->signed_url(media);
}

}  // namespace sb::core
