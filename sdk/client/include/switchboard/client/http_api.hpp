// SPDX-License-Identifier: Apache-2.0
// Blocking HTTP calls for what happens before a connection: login (request-code, verify),
// token refresh, and any other JSON endpoint. Each call opens one short connection and is
// bounded by a timeout; failures throw sb::client::Error.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <switchboard/client/error.hpp>
#include <switchboard/client/url.hpp>

namespace sb::client {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers{};  // names lowercased

  // The first header of that (lowercase) name.
  std::optional<std::string> header(std::string_view name) const;
};

// A request with its own content type and headers (media uploads and ranged downloads).
struct HttpCall {
  std::string method;
  std::string target;
  std::string body{};
  std::string bearer{};
  std::string content_type{};  // default: application/json when there is a body
  std::vector<std::pair<std::string, std::string>> headers{};
  std::chrono::milliseconds timeout = std::chrono::seconds(10);
};

// One request; throws Error(unreachable) when no answer came and Error(timeout) after
// `timeout`. Any HTTP status is returned, not thrown.
HttpAnswer http_call(const Endpoint& server, std::string_view method, std::string_view target,
                     std::string_view body = {}, std::string_view bearer = {},
                     std::chrono::milliseconds timeout = std::chrono::seconds(10));
HttpAnswer http_call(const Endpoint& server, const HttpCall& request);

// What /v1/auth/verify and /v1/auth/refresh answer.
struct Tokens {
  std::string user_id;
  std::string device_id;
  std::string access_token;
  std::string refresh_token;
  std::int64_t expires_in = 0;  // seconds the access token lives
};

// The /v1/auth/* endpoints. A non-2xx answer throws Error(refused) with the protocol code.
class AuthApi {
 public:
  explicit AuthApi(Endpoint server) : server_(std::move(server)) {}
  void request_code(const std::string& phone);
  Tokens verify(const std::string& phone, const std::string& code, const std::string& device_name);
  Tokens refresh(const std::string& refresh_token);

 private:
  Endpoint server_;
};

// Throws Error(refused) carrying the protocol error of a non-2xx answer.
void throw_unless_ok(const HttpAnswer& answer);

}  // namespace sb::client
