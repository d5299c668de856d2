// SPDX-License-Identifier: Apache-2.0
// What a client draws its first screen from: the chat list (chats.list), the groups the
// caller is in (groups.list), and deleting one's own account (account.delete).
#include <algorithm>
#include <set>

#include "kernel/core/account_deletion.hpp"
#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/frames.hpp"
#include "kernel/core/groups.hpp"
#include "kernel/core/session.hpp"
#include "kernel/core/social_stores.hpp"

namespace sb::core {
namespace {

constexpr std::int64_t kMaxChats = 500;

struct Row {
  std::int64_t activity = 0;
  json::object item;
};

std::string display_name(Engine& e, const std::string& user) {
  auto u = e.stores.accounts->user_by_id(user);
  return u ? u->display_name : std::string();
}

// Every chat with a message, and every group the caller is in even before its first
// message (its creation is its activity); groups the caller left are not listed.
void op_chats(Call& c) {
  auto& e = c.engine;
  auto chat_list = require_social(e, &SocialStores::chat_list, "chat list", "chat-list-store");
  auto limit = c.fields().opt_integer("limit", 100, 1, kMaxChats);
  auto groups_in = e.stores.groups->groups_of(c.user());
  std::set<std::string> groups(groups_in.begin(), groups_in.end());
  std::vector<Row> rows;
  std::set<std::string> listed;
  for (auto& r : chat_list->chat_list(c.user(), static_cast<std::size_t>(kMaxChats))) {
    json::object item{{"chat", r.chat},
                      {"last", json::object{{"msg_id", r.last_msg_id},
                                            {"seq", r.last_seq},
                                            {"ts", r.last_ts},
                                            {"from", r.last_from}}},
                      {"unread", r.unread},
                      {"read_seq", r.read_seq}};
    if (auto g = chat_group(r.chat); !g.empty()) {
      if (!groups.contains(g)) continue;
      auto rec = e.stores.groups->group(g);
      item["type"] = "group";
      item["group"] = g;
      item["name"] = rec ? rec->name : std::string();
      listed.insert(g);
    } else {
      auto peer = direct_peer(r.chat, c.user());
      if (peer.empty()) continue;
      item["type"] = "direct";
      item["user"] = peer;
      item["name"] = display_name(e, peer);
    }
    rows.push_back({r.last_ts, std::move(item)});
  }
  for (auto& g : groups) {
    if (listed.contains(g)) continue;
    auto rec = e.stores.groups->group(g);
    if (!rec) continue;
    rows.push_back({rec->created_ms, json::object{{"chat", group_chat(g)},
                                                  {"type", "group"},
                                                  {"group", g},
                                                  {"name", rec->name},
                                                  {"unread", 0},
                                                  {"read_seq", 0}}});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.activity > b.activity; });
  json::array out;
  for (auto& r : rows) {
    if (out.size() == static_cast<std::size_t>(limit)) break;
    out.push_back(std::move(r.item));
  }
  c.ok({{"chats", std::move(out)}});
}

void op_groups(Call& c) {
  auto& e = c.engine;
  json::array out;
  for (auto& g : e.stores.groups->groups_of(c.user())) {
    auto rec = e.stores.groups->group(g);
    if (!rec) continue;
    out.push_back(json::object{{"group", g},
                               {"chat", group_chat(g)},
                               {"name", rec->name},
                               {"role", role_of(*rec, c.user())},
                               {"members", rec->members.size()}});
  }
  c.ok({{"groups", std::move(out)}});
}

// The caller's own account, asked for explicitly; the reply comes before every session of
// the user closes with session.revoked "deleted".
void op_delete_account(Call& c) {
  auto* v = c.fields().find("confirm");
  if (!v || !v->is_bool() || !v->as_bool())
    throw bad_request("field \"confirm\": must be true to delete your account");
  require_social(c.engine, &SocialStores::directory, "account directory", "directory");
  // Deleted before the answer, so that ok means gone: answered first, a login of the same
  // phone racing the delete got the old user, whose rows then vanished under it (found by the
  // ops fuzz scene). The calling session's own revocation is posted to its strand, so it
  // still follows the reply; a store failure now answers the op instead of following an ok.
  delete_account(c.engine, c.user());
  c.ok();
}

}  // namespace

void add_chat_ops(OpTable& ops) {
  ops.emplace("chats.list", &op_chats);
  ops.emplace("groups.list", &op_groups);
  ops.emplace("account.delete", &op_delete_account);
}

}  // namespace sb::core
