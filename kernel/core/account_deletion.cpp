// SPDX-License-Identifier: Apache-2.0
// See account_deletion.hpp.
#include "kernel/core/account_deletion.hpp"

#include <vector>

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
  std::vector<std::string> holders{profile_holder(user)};
  if (social->media && social->statuses)
    for (auto& p : social->statuses->statuses_of(user, 0)) holders.push_back(status_holder(p.id));
  bool removed = social->directory->delete_user(user);
  // Holds are released after the rows: released first, one could be taken again by a
  // profile update racing the delete. Released media goes after the media retention.
  if (social->media)
    for (auto& h : holders) social->media->release(h);
  e.accounts.forget(user);
  if (auto cached = std::dynamic_pointer_cast<CachedAccountStore>(e.stores.accounts))
    cached->forget_user(user);
  return removed;
}

}  // namespace sb::core
