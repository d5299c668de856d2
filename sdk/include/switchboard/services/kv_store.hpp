// SPDX-License-Identifier: Apache-2.0
// KvStore: small persistent key-value data per namespace (a bot's kv, a plugin's settings).
// Blocking calls: use them from a worker or a plugin's own thread, never an I/O thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <switchboard/services/store_error.hpp>

namespace sb {

class KvStore {
 public:
  static constexpr std::string_view service_name = "kv-store";
  virtual ~KvStore() = default;

  // The value under (ns, key), or nullopt. Throws StoreError.
  virtual std::optional<std::string> get(const std::string& ns, const std::string& key) = 0;
  // Creates or replaces the value. Throws StoreError.
  virtual void set(const std::string& ns, const std::string& key, const std::string& value) = 0;
  // Removes the value; removing a missing key is not an error. Throws StoreError.
  virtual void del(const std::string& ns, const std::string& key) = 0;
};

}  // namespace sb
