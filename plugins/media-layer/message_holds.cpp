// SPDX-License-Identifier: Apache-2.0
// See message_holds.hpp. The check runs in the send's interceptor chain on a core worker
// (where a store read may block); the hold is taken on the media workers.
#include "message_holds.hpp"

#include <switchboard/events/message.hpp>

namespace media_layer {

std::vector<sb::Subscription> add_message_holds(sb::Bus& bus, std::shared_ptr<MediaLayer> media) {
  std::vector<sb::Subscription> subs;
  subs.push_back(bus.intercept<sb::MessageSubmitted>([media](sb::MessageSubmitted& msg) {
    for (auto& id : msg.media) {
      if (!valid_id(id, "m_"))
        return sb::Verdict::veto("bad_request",
                                 "field \"media\": \"" + id.substr(0, 64) + "\" is not a media id");
      auto m = media->index->get(id);
      if (!m) return sb::Verdict::veto("not_found", "field \"media\": no media \"" + id + "\"");
      if (!media->may_see(msg.from_user, *m))
        return sb::Verdict::veto("forbidden", "field \"media\": \"" + id +
                                                  "\" is neither yours nor from a chat you are in");
    }
    return sb::Verdict::proceed();
  }));
  subs.push_back(bus.observe<sb::MessageAccepted>([media](const sb::MessageAccepted& msg) {
    if (msg.media.empty()) return;
    media->run(
        [media, ids = msg.media, holder = "msg:" + msg.chat + ":" + std::to_string(msg.seq)] {
          for (auto& id : ids) media->hold(id, holder);
        });
  }));
  return subs;
}

}  // namespace media_layer
