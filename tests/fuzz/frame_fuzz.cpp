// SPDX-License-Identifier: Apache-2.0
// Fuzzes the frame parser and the field reader: any bytes either parse into a request or
// throw ProtocolError(bad_request) naming what is wrong, and every field name the ops read
// comes through each Fields reader as a value or a bad_request, never anything else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernel/core/protocol.hpp"

namespace {

using sb::core::Fields;
using sb::core::ProtocolError;

// Reads every field name an op of the core uses with each reader, as op handlers do; a
// field of the wrong kind must throw ProtocolError, never anything else.
void read_fields(const sb::json::object& frame) {
  static constexpr std::string_view kNames[] = {"op",
                                                "id",
                                                "to",
                                                "user",
                                                "users",
                                                "group",
                                                "chat",
                                                "body",
                                                "bodies",
                                                "enc",
                                                "cursor",
                                                "after",
                                                "limit",
                                                "before_seq",
                                                "max_bytes",
                                                "upto_seq",
                                                "state",
                                                "name",
                                                "members",
                                                "policy",
                                                "role",
                                                "code",
                                                "device",
                                                "client_msg_id",
                                                "phones",
                                                "prekeys",
                                                "signed_prekey",
                                                "identity_key",
                                                "platform",
                                                "endpoint",
                                                "keys",
                                                "token",
                                                "last_seen",
                                                "online",
                                                "read_receipts",
                                                "groups"};
  Fields f(frame);
  for (auto name : kNames) {
    auto attempt = [&](auto&& read) {
      try {
        read();
      } catch (const ProtocolError& e) {
        if (e.code() != "bad_request") __builtin_trap();
      }
    };
    attempt([&] { (void)f.opt_string(name); });
    attempt([&] { (void)f.string(name, 64); });
    attempt([&] { (void)f.opt_integer(name, 0, 0, std::int64_t{1} << 53); });
    attempt([&] { (void)f.integer(name, -5, 5); });
    attempt([&] { (void)f.strings(name, 100); });
    attempt([&] { (void)f.object(name); });
    attempt([&] { (void)f.choice(name, {"a", "on", "off"}, "a"); });
    (void)f.find(name);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sb::json::value id;
  sb::core::Request req;
  try {
    req = sb::core::parse_request(text, id);
  } catch (const ProtocolError& e) {
    if (e.code() != "bad_request") __builtin_trap();
    (void)sb::core::reply_error(id, e.code(), e.what(), e.details());
    return 0;
  }
  read_fields(req.frame);
  (void)sb::core::reply_ok(req.id, {{"echo", req.frame}});
  return 0;
}
