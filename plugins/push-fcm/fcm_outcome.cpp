// SPDX-License-Identifier: Apache-2.0
// See fcm_outcome.hpp. FCM's error body: {"error":{"code":404,"message":"...",
// "status":"NOT_FOUND","details":[{"@type":"...FcmError","errorCode":"UNREGISTERED"}]}}.
#include "fcm_outcome.hpp"

#include <string>

#include <switchboard/json.hpp>
#include <switchboard/push_support.hpp>

namespace push_fcm {
namespace {

struct FcmError {
  std::string status;      // google.rpc status: NOT_FOUND, INVALID_ARGUMENT, ...
  std::string error_code;  // FcmError: UNREGISTERED, QUOTA_EXCEEDED, ...
  std::string message;
};

FcmError parse_error(const std::string& body) {
  FcmError out;
  boost::system::error_code ec;
  auto doc = sb::json::parse(body, ec);
  auto* root = !ec ? doc.if_object() : nullptr;
  auto* err = root ? root->if_contains("error") : nullptr;
  auto* o = err ? err->if_object() : nullptr;
  if (!o) return out;
  auto text = [](const sb::json::value* v) {
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  out.status = text(o->if_contains("status"));
  out.message = text(o->if_contains("message"));
  if (auto* details = o->if_contains("details"); details && details->is_array())
    for (auto& d : details->as_array())
      if (auto* dobj = d.if_object(); dobj && dobj->contains("errorCode"))
        out.error_code = text(dobj->if_contains("errorCode"));
  return out;
}

}  // namespace

FcmOutcome fcm_outcome(const sb::HttpClientResponse& r, std::int64_t now_s) {
  using Outcome = sb::PushResult::Outcome;
  FcmOutcome out;
  auto& res = out.result;
  res.status = r.status;
  if (r.status == 0) {
    res.outcome = Outcome::retry;
    res.reason = "FCM unreachable: " + r.error;
    return out;
  }
  if (r.status == 200) return out;
  auto e = parse_error(r.body);
  res.reason = "FCM HTTP " + std::to_string(r.status);
  for (auto* part : {&e.status, &e.error_code})
    if (!part->empty()) res.reason += " " + *part;
  if (!e.message.empty()) res.reason += ": " + e.message.substr(0, 200);
  if (r.status == 404 || e.error_code == "UNREGISTERED" || e.status == "NOT_FOUND") {
    res.outcome = Outcome::gone;
  } else if (r.status == 401) {
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

}  // namespace push_fcm
