// SPDX-License-Identifier: Apache-2.0
// How status posts and avatars use the media layer (the optional MediaRefs service): only
// the uploader may post a media id, a holder keeps it from retention, and a reader the caller
// already judged gets a signed URL. Without the service there is no media to refer to.
#pragma once

#include <string>
#include <string_view>

namespace sb::core {

class Engine;

std::string status_holder(const std::string& status);
std::string profile_holder(const std::string& user);

// Throws unavailable (no media service), not_found (no such media) or forbidden (someone
// else uploaded it), naming `field`.
void check_own_media(Engine& e, std::string_view field, const std::string& media,
                     const std::string& user);
void hold_media(Engine& e, const std::string& media, const std::string& holder);
// Drops the holder's holds; nothing without a media service.
void release_media(Engine& e, const std::string& holder);
// A signed download URL; "" without a media service or when the media is gone.
std::string media_url(Engine& e, const std::string& media);

}  // namespace sb::core
