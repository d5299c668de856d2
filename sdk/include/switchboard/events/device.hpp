// SPDX-License-Identifier: Apache-2.0
// Events about devices and users: connections, registration, revocation, blocks. Stable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <switchboard/event.hpp>

namespace sb {

struct DeviceVerified {
  static constexpr std::string_view event_name = "device.verified";
  static constexpr std::string_view event_doc =
      "A new device logged in (POST /v1/auth/verify); interceptors may add fields for the "
      "device to the answer's `extras` (e.g. MQTT broker credentials) by amending.";
  std::string user{};
  std::string device{};
  std::string device_name{};
  json::value extras = json::object{};  // merged into the verify answer
};
BOOST_DESCRIBE_STRUCT(DeviceVerified, (), (user, device, device_name, extras))

struct DeviceOnline {
  static constexpr std::string_view event_name = "device.online";
  static constexpr std::string_view event_doc = "A device authenticated a live connection.";
  std::string user{};
  std::string device{};
  std::string transport{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(DeviceOnline, (), (user, device, transport, ts))

struct DeviceOffline {
  static constexpr std::string_view event_name = "device.offline";
  static constexpr std::string_view event_doc = "A device's last live connection closed.";
  std::string user{};
  std::string device{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(DeviceOffline, (), (user, device, ts))

struct DeviceRevoked {
  static constexpr std::string_view event_name = "device.revoked";
  static constexpr std::string_view event_doc = "A device was revoked or its user banned.";
  std::string user{};
  std::string device{};
  std::string reason{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(DeviceRevoked, (), (user, device, reason, ts))

struct UserBlocked {
  static constexpr std::string_view event_name = "user.blocked";
  static constexpr std::string_view event_doc = "A user blocked another.";
  std::string user{};
  std::string blocked{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(UserBlocked, (), (user, blocked, ts))

}  // namespace sb
