// SPDX-License-Identifier: Apache-2.0
// The optional services behind profiles, status posts, the chat list, account deletion and
// media in posts and avatars. Kept beside the Engine's Stores rather than in them, so the
// message path's headers (engine.hpp) stay as they are; an op finds them by its engine.
#pragma once

#include <memory>
#include <string>

#include <switchboard/services/chat_list_store.hpp>
#include <switchboard/services/directory.hpp>
#include <switchboard/services/media_refs.hpp>
#include <switchboard/services/profile_store.hpp>
#include <switchboard/services/status_store.hpp>

namespace sb::core {

class Engine;

// Each may be null: its ops then answer `unavailable`.
struct SocialStores {
  std::shared_ptr<ProfileStore> profiles;
  std::shared_ptr<StatusStore> statuses;
  std::shared_ptr<ChatListStore> chat_list;
  std::shared_ptr<Directory> directory;
  std::shared_ptr<MediaRefs> media;
};

// The core attaches them before any session opens and detaches them once its work is done.
void attach_social_stores(const Engine& e, SocialStores stores);
void detach_social_stores(const Engine& e);
// The engine's (all null when none are attached); held by the caller, so a detach while it
// works leaves it what it had.
std::shared_ptr<const SocialStores> social_stores(const Engine& e);

// The service `member` of the engine's stores, or ProtocolError("unavailable") saying that
// this server keeps no `what` (no `service` service). Returned owned, so the service lives
// while the op uses it, even if the stores are detached meanwhile.
template <class T>
std::shared_ptr<T> require_social(const Engine& e, std::shared_ptr<T> SocialStores::*member,
                                  const char* what, const char* service);

[[noreturn]] void social_unavailable(const char* what, const char* service);

template <class T>
std::shared_ptr<T> require_social(const Engine& e, std::shared_ptr<T> SocialStores::*member,
                                  const char* what, const char* service) {
  auto found = social_stores(e).get()->*member;
  if (!found) social_unavailable(what, service);
  return found;
}

}  // namespace sb::core
