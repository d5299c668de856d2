// SPDX-License-Identifier: Apache-2.0
// See webhook_document.hpp.
#include "webhook_document.hpp"

#include <switchboard/json.hpp>

namespace push_webhook {

std::string webhook_document(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
                             bool with_sender_name) {
  sb::json::object doc{{"v", 1},
                       {"kind", notice.kind},
                       {"chat", notice.chat},
                       {"count", notice.count},
                       {"ts", notice.ts},
                       {"urgent", notice.urgent},
                       {"collapse_key", notice.collapse_key},
                       {"ttl", notice.ttl_s},
                       {"user", subscription.user},
                       {"device", subscription.device},
                       {"token", subscription.endpoint}};
  if (with_sender_name && !notice.sender_name.empty()) doc["sender_name"] = notice.sender_name;
  return sb::json::serialize(doc);
}

}  // namespace push_webhook
