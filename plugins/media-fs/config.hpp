// SPDX-License-Identifier: Apache-2.0
// media-fs's typed config: where the blobs live.
#pragma once

#include <string>

#include <switchboard/config_schema.hpp>

namespace media_fs {

struct Config {
  std::string dir;

  static sb::ConfigSchema schema() {
    return {sb::key_string("dir", "",
                           "Folder of the blobs (a blobs/ and a tmp/ folder go inside); empty: "
                           "<data_dir>/<instance id>")};
  }
  static Config load(const sb::ConfigView& v) { return {v.string("dir")}; }
};

}  // namespace media_fs
