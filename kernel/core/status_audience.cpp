// SPDX-License-Identifier: Apache-2.0
// See status_audience.hpp.
#include "kernel/core/status_audience.hpp"

#include <algorithm>

#include "kernel/core/engine.hpp"

namespace sb::core {
namespace {

bool listed(const StatusPost& p, const std::string& user) {
  return std::find(p.users.begin(), p.users.end(), user) != p.users.end();
}

}  // namespace

bool status_visible(Engine& e, const StatusPost& post, const std::string& viewer) {
  if (viewer == post.user) return true;
  if (e.stores.social->is_blocked(post.user, viewer) ||
      e.stores.social->is_blocked(viewer, post.user))
    return false;
  if (post.privacy == "only") return listed(post, viewer);
  if (!e.stores.social->is_contact(post.user, viewer)) return false;
  return post.privacy != "contacts_except" || !listed(post, viewer);
}

std::vector<std::string> status_audience(Engine& e, const StatusPost& post) {
  auto candidates = post.privacy == "only" ? post.users : e.stores.social->contacts(post.user);
  std::vector<std::string> out;
  for (auto& u : candidates)
    if (u != post.user && status_visible(e, post, u)) out.push_back(u);
  return out;
}

}  // namespace sb::core
