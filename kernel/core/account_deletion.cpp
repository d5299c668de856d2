// SPDX-License-Identifier: Apache-2.0
// See account_deletion.hpp.
#include "kernel/core/account_deletion.hpp"

#include "kernel/core/cached_stores.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/media_access.hpp"
#include "kernel/core/social_stores.hpp"

namespace sb::core {

bool delete_account(Engine& e, const std::string& user) {
  auto social = social_stores(e);
  if (!social->directory)
    throw StoreError(StoreError::Kind::unavailable,
                     "no store provides the \"directory\" service (store-sqlite and "
                     "store-postgres do)");
  if (!e.stores.accounts->user_by_id(user)) return false;
  // Sessions first, so that nothing the user does lands after the rows are gone.
  e.revoke(user, {}, "deleted");
  if (social->media) {
    social->media->release(profile_holder(user));
    if (social->statuses)
      for (auto& p : social->statuses->statuses_of(user, 0))
        social->media->release(status_holder(p.id));
  }
  bool removed = social->directory->delete_user(user);
  e.accounts.forget(user);
  if (auto cached = std::dynamic_pointer_cast<CachedAccountStore>(e.stores.accounts))
    cached->forget_user(user);
  return removed;
}

}  // namespace sb::core
