// SPDX-License-Identifier: Apache-2.0
// GET /v1/media/{id}?exp=..&sig=..: the signed link is the permission (no token), checked
// before any lookup; the bytes are streamed from the store with Range, ETag and the type
// declared at upload.
#pragma once

#include <memory>

#include <switchboard/http.hpp>

#include "media_layer.hpp"

namespace media_layer {

sb::Subscription add_download_route(sb::HttpRouter& router, std::shared_ptr<MediaLayer> media);

}  // namespace media_layer
