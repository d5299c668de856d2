// SPDX-License-Identifier: Apache-2.0
// media-fs's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>

#include "fs_media_store.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "media-fs",
          .version = "1.0.0",
          .kind = "media",
          .description = "Media blobs as files under the data dir, named by their SHA-256.",
          .provides = {std::string(sb::MediaStore::service_name)},
          .requires_ = {},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = media_fs::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, media_fs::MediaFsPlugin)
