// SPDX-License-Identifier: Apache-2.0
// Status posts (stories): post, feed, view, mine, delete. A post lives 24 hours; its audience
// hears of it live (`status` event) or by push, and reads it in the feed.
#include <algorithm>

#include <switchboard/events/push.hpp>

#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/media_access.hpp"
#include "kernel/core/presence.hpp"
#include "kernel/core/secrets.hpp"
#include "kernel/core/session.hpp"
#include "kernel/core/social_stores.hpp"
#include "kernel/core/status_audience.hpp"
#include "kernel/core/status_sweep.hpp"

namespace sb::core {
namespace {

constexpr std::size_t kMaxText = 700;
constexpr std::size_t kMaxListed = 1000;
constexpr std::size_t kMaxCurrentPosts = 100;
constexpr std::size_t kFeedLimit = 500;

std::shared_ptr<StatusStore> statuses(Engine& e) {
  return require_social(e, &SocialStores::statuses, "status posts", "status-store");
}

// What a reader sees of a post; `url` is the media's signed URL when it has media.
json::object status_item(const StatusPost& p, const std::string& url) {
  json::object o{
      {"status", p.id}, {"user", p.user}, {"ts", p.posted_ms}, {"expires", p.expires_ms}};
  if (!p.text.empty()) o["text"] = p.text;
  if (!p.media.empty()) {
    o["media"] = p.media;
    if (!url.empty()) o["media_url"] = url;
  }
  return o;
}

// Online devices of the audience get the post now; the others a push.
void announce(Engine& e, const StatusPost& p) {
  auto item = status_item(p, media_url(e, p.media));
  item["ev"] = "status";
  item["type"] = "posted";
  auto frame = json::serialize(item);
  for (auto& u : status_audience(e, p)) {
    e.push_transient(u, {}, frame);
    for (auto& d : e.stores.accounts->devices(u))
      if (e.sessions.find(u, d.id).empty())
        e.bus.publish(PushNeeded{u, d.id, "status", {}, p.user, p.posted_ms});
  }
}

void op_post(Call& c) {
  auto& e = c.engine;
  auto store = statuses(e);
  auto f = c.fields();
  auto text = f.opt_string("text", kMaxText);
  auto media = f.opt_string("media");
  if (text.has_value() == media.has_value())
    throw bad_request("give either field \"text\" or field \"media\"");
  StatusPost p;
  p.privacy = f.choice("privacy", {"contacts", "contacts_except", "only"}, "contacts");
  if (p.privacy != "contacts") {
    p.users = f.strings("users", kMaxListed);
    if (p.privacy == "only" && p.users.empty())
      throw bad_request("field \"users\": \"only\" needs at least one user");
  } else if (f.find("users")) {
    throw bad_request("field \"users\": only with privacy \"contacts_except\" or \"only\"");
  }
  auto now = e.now_ms();
  if (store->statuses_of(c.user(), now).size() >= kMaxCurrentPosts)
    throw ProtocolError("too_large",
                        "at most " + std::to_string(kMaxCurrentPosts) + " current status posts",
                        {{"limit", kMaxCurrentPosts}});
  if (media) check_own_media(e, "media", *media, c.user());
  p.id = new_id("s_");
  p.user = c.user();
  p.text = text.value_or("");
  p.media = media.value_or("");
  p.posted_ms = now;
  p.expires_ms = now + kStatusLifetimeMs;
  store->add_status(p);
  if (media) {
    try {
      hold_media(e, *media, status_holder(p.id));
    } catch (...) {
      store->delete_status(p.id);
      throw;
    }
  }
  c.ok({{"status", p.id}, {"ts", p.posted_ms}, {"expires", p.expires_ms}});
  announce(e, p);
}

void op_feed(Call& c) {
  auto& e = c.engine;
  auto limit = static_cast<std::size_t>(
      c.fields().opt_integer("limit", 100, 1, static_cast<std::int64_t>(kFeedLimit)));
  json::array items;
  for (auto& p : statuses(e)->feed_candidates(c.user(), e.now_ms(), limit))
    if (status_visible(e, p, c.user())) items.push_back(status_item(p, media_url(e, p.media)));
  c.ok({{"statuses", std::move(items)}});
}

// A post the caller may see; not_found otherwise, so a hidden post is not revealed.
StatusPost visible_post(Call& c, const std::string& id) {
  auto p = statuses(c.engine)->status(id);
  if (!p || p->expires_ms <= c.engine.now_ms() || !status_visible(c.engine, *p, c.user()))
    throw not_found("field \"status\": no status \"" + id + "\"");
  return *p;
}

// Viewing tells the poster, unless the viewer's read-receipt privacy keeps it from them.
void op_view(Call& c) {
  auto& e = c.engine;
  auto p = visible_post(c, c.fields().string("status"));
  bool receipt = false;
  if (p.user != c.user()) {
    auto setting = e.stores.social->privacy(c.user()).read_receipts;
    receipt = privacy_allows(
        setting, setting == "contacts" && e.stores.social->is_contact(c.user(), p.user));
  }
  auto now = e.now_ms();
  bool fresh = receipt && statuses(e)->add_view(p.id, c.user(), now);
  c.ok({{"receipt", receipt}});
  if (fresh)
    e.push_transient(
        p.user, {},
        json::serialize(json::object{
            {"ev", "status.viewed"}, {"status", p.id}, {"by", c.user()}, {"ts", now}}));
}

void op_mine(Call& c) {
  auto& e = c.engine;
  auto store = statuses(e);
  json::array items;
  for (auto& p : store->statuses_of(c.user(), e.now_ms())) {
    auto item = status_item(p, media_url(e, p.media));
    item["privacy"] = p.privacy;
    json::array users;
    for (auto& u : p.users) users.emplace_back(u);
    item["users"] = std::move(users);
    json::array views;
    for (auto& v : store->views(p.id))
      views.push_back(json::object{{"user", v.viewer}, {"ts", v.ts}});
    item["views"] = std::move(views);
    items.push_back(std::move(item));
  }
  c.ok({{"statuses", std::move(items)}});
}

void op_delete(Call& c) {
  auto& e = c.engine;
  auto id = c.fields().string("status");
  auto p = statuses(e)->status(id);
  if (!p || p->user != c.user())
    throw not_found("field \"status\": you have no status \"" + id + "\"");
  statuses(e)->delete_status(id);
  release_media(e, status_holder(id));
  c.ok();
}

}  // namespace

void add_status_ops(OpTable& ops) {
  ops.emplace("status.post", &op_post);
  ops.emplace("status.feed", &op_feed);
  ops.emplace("status.view", &op_view);
  ops.emplace("status.mine", &op_mine);
  ops.emplace("status.delete", &op_delete);
}

}  // namespace sb::core
