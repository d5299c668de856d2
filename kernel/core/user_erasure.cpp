// SPDX-License-Identifier: Apache-2.0
// See user_erasure.hpp.
#include "kernel/core/user_erasure.hpp"

#include "kernel/core/cached_stores.hpp"
#include "kernel/core/core.hpp"
#include "kernel/core/engine.hpp"

namespace sb::core {

std::string profile_holder(const std::string& user) {
  return "profile:" + user;
}

bool erase_user(Core& core, Directory& directory, MediaRefs* media, const std::string& user) {
  auto* engine = core.engine();
  if (!engine) throw StoreError(StoreError::Kind::unavailable, "the messaging core is not running");
  if (!engine->stores.accounts->user_by_id(user)) return false;
  // Sessions first, so that nothing the user does lands after the rows are gone.
  engine->revoke(user, {}, "deleted");
  bool removed = directory.delete_user(user);
  // After the rows: a hold released first could be taken again by a profile update racing
  // the delete. Released media is deleted by the media layer after its retention.
  if (media) media->release(profile_holder(user));
  core.forget(user);
  if (auto cached = std::dynamic_pointer_cast<CachedAccountStore>(core.account_store()))
    cached->forget_user(user);
  return removed;
}

}  // namespace sb::core
