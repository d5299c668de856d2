// SPDX-License-Identifier: Apache-2.0
// The upload routes: POST /v1/media (one request, streamed to the store), and resumable
// uploads after tus 1.0 core with its creation extension: POST /v1/media/uploads,
// HEAD and PATCH /v1/media/uploads/{id}.
#pragma once

#include <memory>
#include <vector>

#include <switchboard/http.hpp>

#include "media_layer.hpp"

namespace media_layer {

std::vector<sb::Subscription> add_upload_routes(sb::HttpRouter& router,
                                                std::shared_ptr<MediaLayer> media);

}  // namespace media_layer
