// SPDX-License-Identifier: Apache-2.0
// What a push tells the browser or UnifiedPush distributor, and the headers that steer the
// push service. Never message content: the service worker or app fetches the messages
// itself over an authenticated session once woken.
#pragma once

#include <string>
#include <string_view>

#include <switchboard/services/push.hpp>

namespace webpush {

// {"v":1,"kind":..,"chat":..,"count":..,"ts":..} plus "sender_name" when `with_sender_name`
// and the notice carries one.
std::string notice_payload(const sb::PushNotice& notice, bool with_sender_name);

// A valid RFC 8030 Topic (at most 32 characters of the URL-safe base64 alphabet) for a
// collapse key: the key itself when it already is one, else a base64url SHA-256 of it cut
// to 32 characters (the same key always maps to the same topic). "" for "".
std::string topic_for(std::string_view collapse_key);

}  // namespace webpush
