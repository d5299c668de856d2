// SPDX-License-Identifier: Apache-2.0
// See response_mapping.hpp.
#include "response_mapping.hpp"

#include <ctime>
#include <string>

#include <switchboard/push_support.hpp>

namespace webpush {

namespace {

// The start of the push service's explanation, for the log: bodies can be large HTML pages.
std::string reason_of(const sb::HttpClientResponse& r, std::string_view what) {
  std::string reason(what);
  reason += " (HTTP " + std::to_string(r.status) + ")";
  if (!r.body.empty()) {
    std::string body = r.body.substr(0, 200);
    for (char& c : body)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    reason += ": " + body;
  }
  return reason;
}

}  // namespace

sb::PushResult map_response(const sb::HttpClientResponse& r,
                            std::chrono::system_clock::time_point now) {
  using Outcome = sb::PushResult::Outcome;
  sb::PushResult result;
  result.status = r.status;
  int s = r.status;
  if (s == 0) {
    result.outcome = Outcome::retry;
    result.reason = "no response: " + (r.error.empty() ? std::string("network error") : r.error);
  } else if (s >= 200 && s < 300) {
    result.outcome = Outcome::sent;
  } else if (s == 404 || s == 410) {
    result.outcome = Outcome::gone;
    result.reason = reason_of(r, "the subscription is gone");
  } else if (s == 429 || s >= 500) {
    result.outcome = Outcome::retry;
    result.retry_after_ms =
        sb::retry_after_ms(r.header("retry-after"), std::chrono::system_clock::to_time_t(now));
    result.reason = reason_of(r, s == 429 ? "rate limited" : "push service error");
  } else if (s >= 300 && s < 400) {
    // A redirect could point anywhere, the server's own network included; RFC 8030 gives
    // push services no reason to send one.
    result.outcome = Outcome::dropped;
    result.reason = reason_of(r, "redirect not followed");
    if (auto to = r.header("location"); !to.empty()) result.reason += " (to " + to + ")";
  } else if (s == 413) {
    result.outcome = Outcome::dropped;
    result.reason = reason_of(r, "payload too large");
  } else if (s == 400) {
    result.outcome = Outcome::dropped;
    result.reason = reason_of(r, "bad request");
  } else if (s == 401 || s == 403) {
    result.outcome = Outcome::dropped;
    result.reason = reason_of(r, "VAPID authorization refused");
  } else {
    result.outcome = Outcome::dropped;
    result.reason = reason_of(r, "refused");
  }
  return result;
}

}  // namespace webpush
