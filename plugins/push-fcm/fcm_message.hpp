// SPDX-License-Identifier: Apache-2.0
// The FCM v1 message for one push: a data message (the app decides what to show) with
// Android high priority for urgent notices, the collapse key and the TTL. No content.
#pragma once

#include <string>

#include <switchboard/services/push.hpp>

namespace push_fcm {

// {"message":{"token":..,"data":{"v":"1","kind","chat","count","ts"[,"sender_name"]},
//  "android":{"priority":"HIGH"|"NORMAL","ttl":"<n>s"[,"collapse_key"]}}}
std::string fcm_message(const std::string& token, const sb::PushNotice& notice,
                        bool with_sender_name);

}  // namespace push_fcm
