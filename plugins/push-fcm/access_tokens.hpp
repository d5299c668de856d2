// SPDX-License-Identifier: Apache-2.0
// The OAuth 2.0 access token FCM sends are authorised with: obtained by a JWT-bearer grant
// (RFC 7523) at the token endpoint, cached until shortly before it expires. One grant is in
// flight at a time; sends that need a token meanwhile wait for that one.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/services/http_client.hpp>

#include "rs256.hpp"

namespace push_fcm {

struct TokenGrant {
  std::string token{};  // empty on failure
  int status = 0;       // the token endpoint's HTTP status, 0 without a response
  std::string error{};  // why there is no token
  bool retryable = true;
};

struct TokenSource {
  std::string token_uri;
  std::string client_email;
  std::string key_id;
  std::int64_t timeout_ms = 10000;
  std::string ca_file;
};

class AccessTokens : public std::enable_shared_from_this<AccessTokens> {
 public:
  static constexpr const char* kScope = "https://www.googleapis.com/auth/firebase.messaging";

  AccessTokens(TokenSource source, std::shared_ptr<Rs256Signer> signer,
               std::shared_ptr<sb::HttpClient> http);

  // Calls `done` with a valid token, at once when cached, else once the grant answers (on
  // the HTTP client's thread).
  void get(std::function<void(TokenGrant)> done);
  // FCM refused `token` (401): forget it so the next get() asks for a new one.
  void invalidate(const std::string& token);
  // Grants requested so far (tests and logs).
  int grants() const;

 private:
  void finish(TokenGrant grant, std::chrono::steady_clock::time_point refresh_at);

  TokenSource source_;
  std::shared_ptr<Rs256Signer> signer_;
  std::shared_ptr<sb::HttpClient> http_;
  mutable std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point refresh_at_{};
  bool in_flight_ = false;
  int grants_ = 0;
  std::vector<std::function<void(TokenGrant)>> waiting_;
};

}  // namespace push_fcm
