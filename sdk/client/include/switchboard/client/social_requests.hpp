// SPDX-License-Identifier: Apache-2.0
// The status, profile and chat list operations as typed calls over Client::request: the
// field builders (pure, for callers with their own request path such as sbctl) and the
// calls themselves. docs/protocol.md has the ops and their replies.
#pragma once

#include <future>
#include <optional>
#include <string>
#include <vector>

#include <switchboard/client/client.hpp>

namespace sb::client {

struct StatusPostRequest {
  std::string text{};                // a text status
  std::string media{};               // or a media id the caller uploaded
  std::string privacy = "contacts";  // "contacts", "contacts_except" or "only"
  std::vector<std::string> users{};  // excepted or chosen users
};

// Each field left unset stays as it is; "" clears about and avatar.
struct ProfileChange {
  std::optional<std::string> display_name{};
  std::optional<std::string> about{};
  std::optional<std::string> avatar{};
  std::optional<std::string> about_privacy{};   // "everyone", "contacts" or "nobody"
  std::optional<std::string> avatar_privacy{};  // the same
};

json::object status_post_fields(const StatusPostRequest& request);
json::object profile_set_fields(const ProfileChange& change);

std::future<Reply> post_status(Client& client, const StatusPostRequest& request);
std::future<Reply> status_feed(Client& client);
std::future<Reply> view_status(Client& client, const std::string& status);
std::future<Reply> delete_status(Client& client, const std::string& status);
std::future<Reply> set_profile(Client& client, const ProfileChange& change);
std::future<Reply> get_profile(Client& client, const std::string& user);
std::future<Reply> list_chats(Client& client);
std::future<Reply> list_groups(Client& client);

}  // namespace sb::client
