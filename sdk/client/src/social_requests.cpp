// SPDX-License-Identifier: Apache-2.0
// See social_requests.hpp.
#include <switchboard/client/social_requests.hpp>

namespace sb::client {

json::object status_post_fields(const StatusPostRequest& r) {
  json::object f;
  if (!r.media.empty())
    f["media"] = r.media;
  else
    f["text"] = r.text;
  f["privacy"] = r.privacy;
  if (r.privacy != "contacts") {
    json::array users;
    for (auto& u : r.users) users.emplace_back(u);
    f["users"] = std::move(users);
  }
  return f;
}

json::object profile_set_fields(const ProfileChange& c) {
  json::object f;
  auto put = [&f](const char* key, const std::optional<std::string>& v) {
    if (v) f[key] = *v;
  };
  put("display_name", c.display_name);
  put("about", c.about);
  put("avatar", c.avatar);
  put("about_privacy", c.about_privacy);
  put("avatar_privacy", c.avatar_privacy);
  return f;
}

std::future<Reply> post_status(Client& client, const StatusPostRequest& request) {
  return client.request("status.post", status_post_fields(request));
}

std::future<Reply> status_feed(Client& client) {
  return client.request("status.feed");
}

std::future<Reply> view_status(Client& client, const std::string& status) {
  return client.request("status.view", {{"status", status}});
}

std::future<Reply> delete_status(Client& client, const std::string& status) {
  return client.request("status.delete", {{"status", status}});
}

std::future<Reply> set_profile(Client& client, const ProfileChange& change) {
  return client.request("profile.set", profile_set_fields(change));
}

std::future<Reply> get_profile(Client& client, const std::string& user) {
  return client.request("profile.get", {{"user", user}});
}

std::future<Reply> list_chats(Client& client) {
  return client.request("chats.list");
}

std::future<Reply> list_groups(Client& client) {
  return client.request("groups.list");
}

}  // namespace sb::client
