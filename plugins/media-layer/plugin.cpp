// SPDX-License-Identifier: Apache-2.0
// media-layer's manifest and registration: nothing else belongs in this file.
#include <switchboard/events/message.hpp>
#include <switchboard/plugin.hpp>
#include <switchboard/services/group_store.hpp>

#include "layer_plugin.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "media-layer",
          .version = "1.0.0",
          .kind = "media",
          .description =
              "Uploads (streamed, resumable, deduplicated), signed expiring download "
              "links, media held by messages, status and profiles, retention.",
          .provides = {std::string(sb::MediaRefs::service_name)},
          .requires_ = {std::string(sb::MediaStore::service_name),
                        std::string(sb::MediaIndex::service_name),
                        std::string(sb::Messaging::service_name),
                        std::string(sb::GroupStore::service_name)},
          .consumes = {std::string(sb::MessageAccepted::event_name)},
          .intercepts = {{std::string(sb::MessageSubmitted::event_name), 0}},
          .publishes = {},
          .schema = media_layer::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, media_layer::MediaLayerPlugin)
