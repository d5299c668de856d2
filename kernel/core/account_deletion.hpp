// SPDX-License-Identifier: Apache-2.0
// Deleting an account, the one way both the admin (user-admin service) and the user
// (account.delete) do it: sessions closed first, media holds released, the store's rows gone
// (Directory::delete_user), caches forgotten, so the phone number can register afresh.
#pragma once

#include <string>

namespace sb::core {

class Engine;

// False when no such user. Throws StoreError (unavailable) without a Directory service.
bool delete_account(Engine& e, const std::string& user);

}  // namespace sb::core
