// SPDX-License-Identifier: Apache-2.0
// Protocol-v1 frames: parsing a request, reading its fields with errors that name the field,
// and writing replies. Every op handler speaks through these, so errors look alike.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/json.hpp>

namespace sb::core {

// Becomes an error reply {"ok":false,"error":{"code","message",...details}}.
class ProtocolError : public std::runtime_error {
 public:
  ProtocolError(std::string code, const std::string& message, json::object details = {})
      : std::runtime_error(message), code_(std::move(code)), details_(std::move(details)) {}
  const std::string& code() const { return code_; }
  const json::object& details() const { return details_; }

 private:
  std::string code_;
  json::object details_;
};

ProtocolError bad_request(const std::string& message);
ProtocolError forbidden(const std::string& message);
ProtocolError not_found(const std::string& message);

struct Request {
  json::object frame;
  json::value id;  // null when the client sent none
  std::string op;
};

// Arrays and objects nested in one frame, at most.
inline constexpr std::size_t kMaxFrameDepth = 32;

// Parses one frame. Throws ProtocolError(bad_request); `id` is filled in as soon as it could
// be read, so even a bad request's error names it.
Request parse_request(std::string_view text, json::value& id);

// Field readers: each throws bad_request naming the field and what was expected.
class Fields {
 public:
  explicit Fields(const json::object& o) : o_(o) {}
  std::string string(std::string_view field, std::size_t max_len = 256) const;
  std::optional<std::string> opt_string(std::string_view field, std::size_t max_len = 256) const;
  // One of `choices`; `def` when absent (empty `def`: required).
  std::string choice(std::string_view field, const std::vector<std::string_view>& choices,
                     std::string_view def = {}) const;
  std::int64_t integer(std::string_view field, std::int64_t min, std::int64_t max) const;
  std::int64_t opt_integer(std::string_view field, std::int64_t def, std::int64_t min,
                           std::int64_t max) const;
  // A non-empty array of distinct non-empty strings.
  std::vector<std::string> strings(std::string_view field, std::size_t max_count) const;
  const json::object& object(std::string_view field) const;
  const json::value* find(std::string_view field) const;

 private:
  const json::object& o_;
};

std::string reply_ok(const json::value& id, json::object fields = {});
std::string reply_error(const json::value& id, std::string_view code, std::string_view message,
                        const json::object& details = {});
// A reply whose `raw_field` is already serialized JSON (e.g. a list of event frames).
std::string reply_ok_raw(const json::value& id, std::string_view raw_field,
                         std::string_view raw_json, json::object fields = {});

// The kind of JSON value, for messages: "string", "number", ...
std::string_view json_kind(const json::value& v);

}  // namespace sb::core
