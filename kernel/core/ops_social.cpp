// SPDX-License-Identifier: Apache-2.0
// Presence subscriptions, privacy settings, contacts and blocks.
#include <switchboard/events/device.hpp>

#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

namespace {

constexpr std::size_t kMaxUsersPerCall = 1000;

void op_subscribe(Call& c) {
  auto users = c.fields().strings("users", kMaxUsersPerCall);
  c.ok();
  c.engine.presence.subscribe(c.session, c.user(), users);
}

void op_privacy(Call& c) {
  auto f = c.fields();
  auto& e = c.engine;
  auto current = e.stores.social->privacy(c.user());
  std::vector<std::string_view> choices{"everyone", "contacts", "nobody"};
  if (!f.find("last_seen") && !f.find("online") && !f.find("read_receipts") && !f.find("groups"))
    throw bad_request(
        "give at least one of \"last_seen\", \"online\", \"read_receipts\", \"groups\"");
  current.last_seen = f.choice("last_seen", choices, current.last_seen);
  current.online = f.choice("online", choices, current.online);
  current.read_receipts = f.choice("read_receipts", choices, current.read_receipts);
  std::string groups = e.settings.group_add_privacy;
  if (e.stores.access) groups = e.stores.access->group_add_privacy(c.user()).value_or(groups);
  if (f.find("groups")) {
    if (!e.stores.access)
      throw ProtocolError("unavailable",
                          "field \"groups\": this server's store cannot keep it (no "
                          "group-access service)");
    groups = f.choice("groups", choices);
  }
  e.stores.social->set_privacy(c.user(), current);
  if (f.find("groups")) e.stores.access->set_group_add_privacy(c.user(), groups);
  c.ok({{"last_seen", current.last_seen},
        {"online", current.online},
        {"read_receipts", current.read_receipts},
        {"groups", groups}});
}

void op_contacts_add(Call& c) {
  auto users = c.fields().strings("users", kMaxUsersPerCall);
  for (auto& u : users)
    if (!c.engine.stores.accounts->user_by_id(u))
      throw not_found("user \"" + u + "\" does not exist");
  c.engine.stores.social->add_contacts(c.user(), users);
  c.ok();
}

void op_contacts_remove(Call& c) {
  c.engine.stores.social->remove_contacts(c.user(), c.fields().strings("users", kMaxUsersPerCall));
  c.ok();
}

void op_contacts_list(Call& c) {
  json::array a;
  for (auto& u : c.engine.stores.social->contacts(c.user())) a.emplace_back(u);
  c.ok({{"users", std::move(a)}});
}

// Contact discovery, as a phone's address book does it: which of these numbers are users.
void op_lookup(Call& c) {
  auto max = c.engine.settings.limits.lookup_max_phones;
  if (auto* v = c.fields().find("phones"); v && v->is_array() && v->as_array().size() > max)
    throw ProtocolError("too_large",
                        "field \"phones\": " + std::to_string(v->as_array().size()) +
                            " numbers; at most " + std::to_string(max) +
                            " per call (limits.lookup_max_phones)",
                        {{"limit", max}});
  auto phones = c.fields().strings("phones", max);
  json::array found;
  for (auto& p : phones)
    if (auto u = c.engine.stores.accounts->user_by_phone(p); u && !u->banned)
      found.push_back(json::object{{"phone", p}, {"user", u->id}});
  c.ok({{"users", std::move(found)}});
}

void op_block(Call& c) {
  auto user = c.fields().string("user");
  if (user == c.user()) throw bad_request("field \"user\": you cannot block yourself");
  if (!c.engine.stores.accounts->user_by_id(user))
    throw not_found("user \"" + user + "\" does not exist");
  c.engine.stores.social->block(c.user(), user);
  c.engine.bus.publish(UserBlocked{c.user(), user, c.engine.now_ms()});
  c.ok();
}

void op_unblock(Call& c) {
  c.engine.stores.social->unblock(c.user(), c.fields().string("user"));
  c.ok();
}

}  // namespace

void add_social_ops(OpTable& ops) {
  ops.emplace("presence.subscribe", &op_subscribe);
  ops.emplace("privacy.set", &op_privacy);
  ops.emplace("contacts.add", &op_contacts_add);
  ops.emplace("contacts.remove", &op_contacts_remove);
  ops.emplace("contacts.list", &op_contacts_list);
  ops.emplace("users.lookup", &op_lookup);
  ops.emplace("block", &op_block);
  ops.emplace("unblock", &op_unblock);
}

}  // namespace sb::core
