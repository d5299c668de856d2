// SPDX-License-Identifier: Apache-2.0
// The hello plugin's typed config and its schema (one row per key: type, default, range,
// description). The kernel validates [plugin.<id>] against schema() before start.
#pragma once

#include <string>

#include <switchboard/config_schema.hpp>

namespace hello {

struct Config {
  std::string greeting;
  std::string path;
  std::int64_t repeat = 1;

  static sb::ConfigSchema schema() {
    return {
        sb::key_string("greeting", "hello", "What GET <path> answers."),
        sb::key_string("path", "/hello", "Where the greeting is served."),
        sb::key_int("repeat", 1, "How many times the greeting is repeated.", 1, 10),
    };
  }
  static Config load(const sb::ConfigView& v) {
    return {v.string("greeting"), v.string("path"), v.integer("repeat")};
  }
};

}  // namespace hello
