// SPDX-License-Identifier: Apache-2.0
// See access_tokens.hpp.
#include "access_tokens.hpp"

#include <algorithm>

#include <switchboard/json.hpp>

namespace push_fcm {
namespace {

std::int64_t unix_now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

// The token endpoint's error for the log: {"error":"invalid_grant","error_description":...}.
std::string describe_error(const sb::HttpClientResponse& r) {
  boost::system::error_code ec;
  auto doc = sb::json::parse(r.body, ec);
  std::string what = "HTTP " + std::to_string(r.status);
  if (!ec && doc.is_object()) {
    auto& o = doc.as_object();
    if (auto* e = o.if_contains("error"); e && e->is_string())
      what += ": " + std::string(e->as_string());
    if (auto* d = o.if_contains("error_description"); d && d->is_string())
      what += " (" + std::string(d->as_string()) + ")";
  }
  return what;
}

}  // namespace

AccessTokens::AccessTokens(TokenSource source, std::shared_ptr<Rs256Signer> signer,
                           std::shared_ptr<sb::HttpClient> http)
    : source_(std::move(source)), signer_(std::move(signer)), http_(std::move(http)) {}

int AccessTokens::grants() const {
  std::lock_guard lock(mutex_);
  return grants_;
}

void AccessTokens::invalidate(const std::string& token) {
  std::lock_guard lock(mutex_);
  if (token_ == token) token_.clear();
}

void AccessTokens::get(std::function<void(TokenGrant)> done) {
  {
    std::unique_lock lock(mutex_);
    if (!token_.empty() && std::chrono::steady_clock::now() < refresh_at_) {
      TokenGrant g{token_};
      lock.unlock();
      done(std::move(g));
      return;
    }
    waiting_.push_back(std::move(done));
    if (in_flight_) return;
    in_flight_ = true;
    ++grants_;
  }
  auto iat = unix_now();
  sb::json::object claims{{"iss", source_.client_email},
                          {"scope", kScope},
                          {"aud", source_.token_uri},
                          {"iat", iat},
                          {"exp", iat + 3600}};
  std::string assertion;
  try {
    assertion = signer_->jwt(claims, source_.key_id);
  } catch (const std::exception& e) {
    return finish(TokenGrant{.error = e.what(), .retryable = false}, {});
  }
  sb::HttpClientRequest req;
  req.method = "POST";
  req.url = source_.token_uri;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  // The JWT is base64url and dots: nothing in it needs form escaping.
  req.body =
      "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + assertion;
  req.timeout_ms = source_.timeout_ms;
  req.ca_file = source_.ca_file;
  auto started = std::chrono::steady_clock::now();
  http_->request(std::move(req), [self = shared_from_this(), started](sb::HttpClientResponse r) {
    TokenGrant g;
    g.status = r.status;
    if (r.status == 0) {
      g.error = "token endpoint unreachable: " + r.error;
      return self->finish(std::move(g), started);
    }
    if (r.status != 200) {
      g.error = "token endpoint refused the grant: " + describe_error(r);
      g.retryable = r.status == 429 || r.status >= 500;
      return self->finish(std::move(g), started);
    }
    boost::system::error_code ec;
    auto doc = sb::json::parse(r.body, ec);
    auto* o = !ec ? doc.if_object() : nullptr;
    auto* tok = o ? o->if_contains("access_token") : nullptr;
    if (!tok || !tok->is_string() || tok->as_string().empty()) {
      g.error = "token endpoint answered without an access_token";
      return self->finish(std::move(g), started);
    }
    std::int64_t expires_in = 3600;
    if (auto* e = o->if_contains("expires_in"); e && e->is_int64()) expires_in = e->as_int64();
    // Refresh five minutes early (half the lifetime for short-lived tokens), counted from
    // when the grant was asked for, so a token is never used past its expiry.
    auto lead = std::min<std::int64_t>(300, expires_in / 2);
    g.token = std::string(tok->as_string());
    self->finish(std::move(g), started + std::chrono::seconds(expires_in - lead));
  });
}

void AccessTokens::finish(TokenGrant grant, std::chrono::steady_clock::time_point refresh_at) {
  std::vector<std::function<void(TokenGrant)>> waiting;
  {
    std::lock_guard lock(mutex_);
    in_flight_ = false;
    if (!grant.token.empty()) {
      token_ = grant.token;
      refresh_at_ = refresh_at;
    }
    waiting.swap(waiting_);
  }
  for (auto& w : waiting) w(grant);
}

}  // namespace push_fcm
