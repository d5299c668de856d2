// SPDX-License-Identifier: Apache-2.0
// The JSON document a webhook push carries: who to wake and about which chat, never what was
// said. Its fields are documented in docs/push.md, where relays read them.
#pragma once

#include <string>

#include <switchboard/services/push.hpp>

namespace push_webhook {

// {"v":1,"kind","chat","count","ts","urgent","collapse_key","ttl","user","device","token"}
// plus "sender_name" when `with_sender_name` and the notice has one.
std::string webhook_document(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
                             bool with_sender_name);

}  // namespace push_webhook
