// SPDX-License-Identifier: Apache-2.0
// Removing a user and what is theirs, in one place: the admin's delete and an account's
// own deletion must leave the same nothing behind.
#pragma once

#include <string>

#include <switchboard/services/directory.hpp>
#include <switchboard/services/media_refs.hpp>

namespace sb::core {

class Core;

// Closes the user's connections, removes their rows (devices, tokens, keys, inboxes,
// memberships, contacts, blocks, privacy, profile: Directory::delete_user), releases their
// media holds when a MediaRefs provider is given (null: no media layer), and drops what the
// core has cached about them. Messages already delivered stay with their recipients.
// False when no such user. Call it from a core worker or an admin thread; it blocks on the
// store and throws StoreError as the store does.
bool erase_user(Core& core, Directory& directory, MediaRefs* media, const std::string& user);

// The MediaRefs holder of a user's profile media ("profile:<user>").
std::string profile_holder(const std::string& user);

}  // namespace sb::core
