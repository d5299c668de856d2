// SPDX-License-Identifier: Apache-2.0
// Messages and media: a send naming media the sender may not see (or that does not exist)
// is refused; an accepted one holds its media as "msg:<chat>:<seq>".
#pragma once

#include <memory>
#include <vector>

#include <switchboard/bus.hpp>

#include "media_layer.hpp"

namespace media_layer {

std::vector<sb::Subscription> add_message_holds(sb::Bus& bus, std::shared_ptr<MediaLayer> media);

}  // namespace media_layer
