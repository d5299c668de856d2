// SPDX-License-Identifier: Apache-2.0
// See apns_outcome.hpp. APNs's error body: {"reason":"BadDeviceToken"} (410 adds
// "timestamp").
#include "apns_outcome.hpp"

#include <string>

#include <switchboard/json.hpp>
#include <switchboard/push_support.hpp>

namespace push_apns {
namespace {

std::string reason_of(const std::string& body) {
  boost::system::error_code ec;
  auto doc = sb::json::parse(body, ec);
  auto* o = !ec ? doc.if_object() : nullptr;
  auto* r = o ? o->if_contains("reason") : nullptr;
  return r && r->is_string() ? std::string(r->as_string()) : std::string();
}

}  // namespace

ApnsOutcome apns_outcome(const sb::HttpClientResponse& r, std::int64_t now_s) {
  using Outcome = sb::PushResult::Outcome;
  ApnsOutcome out;
  auto& res = out.result;
  res.status = r.status;
  if (r.status == 0) {
    res.outcome = Outcome::retry;
    res.reason = "APNs unreachable: " + r.error;
    return out;
  }
  if (r.status == 200) return out;
  auto reason = reason_of(r.body);
  res.reason = "APNs HTTP " + std::to_string(r.status) + (reason.empty() ? "" : " " + reason);
  if (r.status == 410 || reason == "BadDeviceToken" || reason == "Unregistered") {
    res.outcome = Outcome::gone;
  } else if (reason == "ExpiredProviderToken" || reason == "InvalidProviderToken") {
    res.outcome = Outcome::retry;
    out.token_rejected = true;
  } else if (r.status == 429 || r.status >= 500) {
    res.outcome = Outcome::retry;
    res.retry_after_ms = sb::retry_after_ms(r.header("retry-after"), now_s);
  } else {
    res.outcome = Outcome::dropped;
  }
  return out;
}

}  // namespace push_apns
