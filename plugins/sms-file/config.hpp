// SPDX-License-Identifier: Apache-2.0
// sms-file's typed config: where the JSON lines go.
#pragma once

#include <string>

#include <switchboard/config_schema.hpp>

namespace sms_file {

struct Config {
  std::string path;

  static sb::ConfigSchema schema() {
    return {sb::key_string("path", "",
                           "File the codes are appended to, one JSON line each; empty: "
                           "<data_dir>/sms.jsonl")};
  }
  static Config load(const sb::ConfigView& v) { return {v.string("path")}; }
};

}  // namespace sms_file
