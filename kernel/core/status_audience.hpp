// SPDX-License-Identifier: Apache-2.0
// Who sees a status post: "contacts" (the poster's contacts), "contacts_except" (less the
// listed users), "only" (just the listed users); never across a block either way.
#pragma once

#include <string>
#include <vector>

#include <switchboard/services/status_store.hpp>

namespace sb::core {

class Engine;

bool status_visible(Engine& e, const StatusPost& post, const std::string& viewer);
// Everyone the post is shown to, the poster left out.
std::vector<std::string> status_audience(Engine& e, const StatusPost& post);

}  // namespace sb::core
