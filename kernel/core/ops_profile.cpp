// SPDX-License-Identifier: Apache-2.0
// Profiles: display name, about text and avatar, each read by others as the owner's privacy
// settings allow; a change is a `profile` event to the owner's contacts who are online.
#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/media_access.hpp"
#include "kernel/core/presence.hpp"
#include "kernel/core/session.hpp"
#include "kernel/core/social_stores.hpp"

namespace sb::core {
namespace {

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxAbout = 140;

std::shared_ptr<ProfileStore> profiles(Engine& e) {
  return require_social(e, &SocialStores::profiles, "profiles", "profile-store");
}

bool shown(Engine& e, const std::string& setting, const std::string& owner,
           const std::string& viewer) {
  if (owner == viewer) return true;
  if (e.stores.social->is_blocked(owner, viewer)) return false;
  return privacy_allows(setting,
                        setting == "contacts" && e.stores.social->is_contact(owner, viewer));
}

// The profile as `viewer` may see it.
json::object profile_view(Engine& e, const UserRecord& u, const Profile& p,
                          const std::string& viewer) {
  json::object o{{"user", u.id}, {"display_name", u.display_name}};
  if (!p.about.empty() && shown(e, p.about_privacy, u.id, viewer)) o["about"] = p.about;
  if (!p.avatar.empty() && shown(e, p.avatar_privacy, u.id, viewer)) {
    o["avatar"] = p.avatar;
    if (auto url = media_url(e, p.avatar); !url.empty()) o["avatar_url"] = url;
  }
  if (u.id == viewer) {
    o["about_privacy"] = p.about_privacy;
    o["avatar_privacy"] = p.avatar_privacy;
  }
  return o;
}

Profile stored_profile(Engine& e, const std::string& user) {
  if (auto p = profiles(e)->profile(user)) return *p;
  Profile fresh;
  fresh.user = user;
  return fresh;
}

void op_set(Call& c) {
  auto& e = c.engine;
  auto f = c.fields();
  std::vector<std::string_view> choices{"everyone", "contacts", "nobody"};
  bool any = false;
  for (auto k : {"display_name", "about", "avatar", "about_privacy", "avatar_privacy"})
    any = any || f.find(k);
  if (!any)
    throw bad_request(
        "give at least one of \"display_name\", \"about\", \"avatar\", \"about_privacy\", "
        "\"avatar_privacy\"");
  auto p = stored_profile(e, c.user());
  auto name = f.opt_string("display_name", kMaxName);
  // "" clears the about text and the avatar; the readers refuse empty strings.
  auto cleared = [&](const char* k) {
    auto* v = f.find(k);
    return v && v->is_string() && v->as_string().empty();
  };
  std::optional<std::string> about =
      cleared("about") ? std::string() : f.opt_string("about", kMaxAbout);
  std::optional<std::string> avatar = cleared("avatar") ? std::string() : f.opt_string("avatar");
  p.about_privacy = f.choice("about_privacy", choices, p.about_privacy);
  p.avatar_privacy = f.choice("avatar_privacy", choices, p.avatar_privacy);
  if (avatar && !avatar->empty() && *avatar != p.avatar)
    check_own_media(e, "avatar", *avatar, c.user());
  if (about) p.about = *about;
  bool avatar_changed = avatar && *avatar != p.avatar;
  if (avatar_changed) {
    // One holder per user: releasing it lets go of the old avatar, then the new one is held.
    release_media(e, profile_holder(c.user()));
    if (!avatar->empty()) hold_media(e, *avatar, profile_holder(c.user()));
    p.avatar = *avatar;
  }
  p.updated_ms = e.now_ms();
  profiles(e)->put_profile(p);
  if (name) e.stores.accounts->set_display_name(c.user(), *name);
  auto u = e.stores.accounts->user_by_id(c.user());
  if (!u) throw not_found("your account is gone");
  c.ok(profile_view(e, *u, p, c.user()));
  for (auto& contact : e.stores.social->contacts(c.user())) {
    if (!e.sessions.online(contact)) continue;
    auto ev = profile_view(e, *u, p, contact);
    ev["ev"] = "profile";
    e.push_transient(contact, {}, json::serialize(ev));
  }
}

void op_get(Call& c) {
  auto& e = c.engine;
  auto user = c.fields().string("user");
  auto u = e.stores.accounts->user_by_id(user);
  if (!u) throw not_found("field \"user\": no user \"" + user + "\"");
  c.ok(profile_view(e, *u, stored_profile(e, user), c.user()));
}

}  // namespace

void add_profile_ops(OpTable& ops) {
  ops.emplace("profile.set", &op_set);
  ops.emplace("profile.get", &op_get);
}

}  // namespace sb::core
