// SPDX-License-Identifier: Apache-2.0
// ui-webapp's config: where the built web app is (empty: found next to the binary).
#pragma once

#include <string>

#include <switchboard/config_schema.hpp>

namespace ui_webapp {

struct Config {
  std::string dir;

  static sb::ConfigSchema schema() {
    return {sb::key_string("dir", "",
                           "Directory of the built web app (webapp/dist); empty: the build's "
                           "build/webapp/dist or the installed share/switchboard/webapp")};
  }
  static Config load(const sb::ConfigView& v) { return {v.string("dir")}; }
};

}  // namespace ui_webapp
