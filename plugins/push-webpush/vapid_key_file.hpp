// SPDX-License-Identifier: Apache-2.0
// Where the VAPID key lives: a configured PEM file, or one generated on first start into the
// data directory and reused after, so browsers' subscriptions survive restarts (they are
// bound to the public key).
#pragma once

#include <string>

#include "p256.hpp"

namespace webpush {

struct VapidKeySource {
  Key key;
  std::string path;
  bool created = false;  // generated just now
};

// With `configured_file` set, reads it (it must exist). Otherwise reads <data_dir>/vapid.pem,
// creating it (mode 0600, never overwriting) when missing. Throws std::runtime_error naming
// the file and the config key.
VapidKeySource load_vapid_key(const std::string& configured_file, const std::string& data_dir);

}  // namespace webpush
