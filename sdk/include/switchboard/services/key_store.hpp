// SPDX-License-Identifier: Apache-2.0
// KeyStore: Signal-style public prekeys per device. The server holds public keys only.
// take_bundles() consumes one one-time prekey per device atomically: two concurrent fetches
// never get the same one; a device with none left falls back to its last-resort key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/store_error.hpp>

namespace sb {

struct PreKey {
  std::int64_t id = 0;
  std::string key{};  // base64, opaque to the server
};

struct SignedPreKey {
  std::int64_t id = 0;
  std::string key{};
  std::string signature{};
};

struct DeviceKeys {
  std::string identity_key{};
  SignedPreKey signed_prekey{};
  std::optional<PreKey> last_resort{};  // replaced when given, kept otherwise
  std::vector<PreKey> one_time{};       // appended; an id already held is replaced
};

struct KeyBundle {
  std::string device{};
  std::string identity_key{};
  SignedPreKey signed_prekey{};
  std::optional<PreKey> one_time{};  // the consumed one-time prekey, or the last-resort key
  bool last_resort = false;          // true when one_time is the last-resort key
  std::int64_t remaining = 0;        // one-time prekeys left after this fetch
};

class KeyStore {
 public:
  static constexpr std::string_view service_name = "key-store";
  virtual ~KeyStore() = default;

  virtual void upload(const std::string& user, const std::string& device,
                      const DeviceKeys& keys) = 0;
  // One bundle per device of `user` that has uploaded keys.
  virtual std::vector<KeyBundle> take_bundles(const std::string& user) = 0;
  virtual std::int64_t one_time_count(const std::string& user, const std::string& device) = 0;
};

}  // namespace sb
