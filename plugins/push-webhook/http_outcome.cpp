// SPDX-License-Identifier: Apache-2.0
// See http_outcome.hpp.
#include "http_outcome.hpp"

#include <string>

#include <switchboard/push_support.hpp>

namespace push_webhook {

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
    out.retry_after_ms = sb::retry_after_ms(r.header("retry-after"), now_s);
  } else {
    // Other 4xx, and 3xx: redirects are never followed, so a moved relay is a config error.
    out.outcome = Outcome::dropped;
  }
  return out;
}

}  // namespace push_webhook
