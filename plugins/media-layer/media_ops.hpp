// SPDX-License-Identifier: Apache-2.0
// The media ops: media.url (a signed link for media the caller may see), media.exists (ask
// before uploading: do I already have these bytes stored?), media.delete (the uploader).
#pragma once

#include <memory>
#include <vector>

#include "media_layer.hpp"

namespace media_layer {

std::vector<sb::Subscription> add_media_ops(std::shared_ptr<MediaLayer> media);

}  // namespace media_layer
