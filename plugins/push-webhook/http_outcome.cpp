// SPDX-License-Identifier: Apache-2.0
// See http_outcome.hpp.
#include "http_outcome.hpp"

#include <charconv>
#include <ctime>
#include <string>

namespace push_webhook {

std::int64_t retry_after_ms(std::string_view value, std::int64_t now_s) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return -1;
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size())
    return seconds < 0 ? -1 : seconds * 1000;
  // An HTTP-date (RFC 9110 IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  std::string text(value);
  const char* rest = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!rest || *rest) return -1;
  std::int64_t at = timegm(&tm);
  return at <= now_s ? 0 : (at - now_s) * 1000;
}

sb::PushResult outcome_of(const sb::HttpClientResponse& r, std::int64_t now_s) {
  using Outcome = sb::PushResult::Outcome;
  sb::PushResult out;
  out.status = r.status;
  if (r.status == 0) {
    out.outcome = Outcome::retry;
    out.reason = "no response: " + r.error;
    return out;
  }
  if (r.status >= 200 && r.status < 300) return out;
  std::string detail = r.body.substr(0, 200);
  out.reason = "HTTP " + std::to_string(r.status) + (detail.empty() ? "" : ": " + detail);
  if (r.status == 404 || r.status == 410) {
    out.outcome = Outcome::gone;
  } else if (r.status == 429 || r.status >= 500) {
    out.outcome = Outcome::retry;
    out.retry_after_ms = retry_after_ms(r.header("retry-after"), now_s);
  } else {
    // Other 4xx, and 3xx: redirects are never followed, so a moved relay is a config error.
    out.outcome = Outcome::dropped;
  }
  return out;
}

}  // namespace push_webhook
