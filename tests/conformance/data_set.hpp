// SPDX-License-Identifier: Apache-2.0
// The conformance data set: a little of everything a deployment holds (accounts, tokens,
// messages with client ids, per-device bodies, acks, swept rows, events, read marks, groups,
// join seqs, invite epochs, keys, privacy, group-add privacy, contacts, blocks), written
// through the SDK store interfaces, and the checks that a store holds exactly it afterwards
// (after a restart, or a migrate-store).
#pragma once

#include <gmock/gmock.h>

#include <map>

#include "store_factory.hpp"

namespace sb::conformance::data_set {

inline const std::string kDirect = "d:u1:u2";
inline const std::string kGroup = "g:grp";

// What the store answered while the set was written, for the checks.
struct Written {
  std::map<std::string, AppendResult> by_client_id;
  std::int64_t b1_last_cursor = 0;
};

inline MessageWrite direct(std::string client_id, std::string body,
                           std::vector<InboxTarget> targets) {
  return message(kDirect, "u1", "d1", std::move(client_id), std::move(body), std::move(targets));
}

inline Written fill(StoreSet& s) {
  Written out;
  auto& a = *s.accounts;
  a.create_user({"u1", "+15550000001", "Ann", 100, false});
  a.create_user({"u2", "+15550000002", "Bob \"B\" \\ Ünïcode", 200, false});
  a.create_user({"u3", "+15550000003", "Cy", 300, false});
  a.set_banned("u3", true);
  a.add_device({"u1", "d1", "phone", 10, 11});
  a.add_device({"u1", "d2", "laptop", 20, 21});
  a.add_device({"u2", "b1", "phone", 30, 31});
  a.add_device({"u3", "c1", "tablet", 40, 41});
  a.put_login_code({"+15550000009", "hash9", 9000, 0});
  a.count_login_attempt("+15550000009");
  a.put_refresh_token("tok1", {"u1", "d1", 5000});
  a.put_refresh_token("tok2", {"u2", "b1", 6000});

  auto& m = *s.messages;
  std::vector<InboxTarget> both{{"u2", "b1", ""}, {"u1", "d2", ""}};
  auto keep = [&](const std::string& id, MessageWrite w) {
    out.by_client_id[id] = append_sync(m, std::move(w));
  };
  keep("c1", direct("c1", R"({"t":"first"})", both));
  keep("c2", direct("c2", R"({"t":"second, with \"quotes\" and {braces}"})", both));
  auto e2ee = direct("c3", "shared", {{"u2", "b1", "cipher-for-b1"}, {"u1", "d2", "cipher-d2"}});
  e2ee.enc = "e2ee";
  keep("c3", e2ee);
  auto expiring = direct("c4", "expires later", both);
  expiring.expires_ms = std::int64_t{4102444800000};  // 2100-01-01
  keep("c4", expiring);
  keep("c5", direct("c5", "", {{"u3", "c1", ""}}));
  append_events_sync(m, {{"u1", "d1", "receipt", kDirect, R"({"read":3})"}});
  // A system message: no client id, no idempotency.
  auto system = message(kGroup, "u1", "d1", "", R"({"event":"created"})",
                        {{"u2", "b1", ""}, {"u3", "c1", ""}});
  system.kind = "system";
  keep("sys", system);
  keep("g1", message(kGroup, "u2", "b1", "g1", "hello group", {{"u1", "d1", ""}}));

  // Delivered everywhere, then swept: c1 goes; the counters must not go back.
  m.ack("u2", "b1", 1);
  m.ack("u1", "d2", 1);
  auto day = std::int64_t{24} * 3600 * 1000;
  EXPECT_EQ(m.sweep(out.by_client_id["g1"].ts + 1, Retention::until_delivered, 30 * day), 1);
  m.ack("u2", "b1", 2);
  m.mark_read(kDirect, "u2", 3);
  // Removed after it got c5: a device registered again under that id must not reuse cursors.
  a.remove_device("u3", "c1");
  out.b1_last_cursor = out.by_client_id["sys"].cursors.at(0).cursor;

  auto& g = *s.groups;
  g.create_group({"grp",
                  "Friends",
                  "announcement",
                  "u1",
                  500,
                  {{"u3", "member", 501}, {"u1", "owner", 500}, {"u2", "member", 502}}});
  g.set_role("grp", "u2", "admin");
  g.create_group({"empty", "Nobody", "open", "u2", 600, {}});
  // GroupAccess state: a member who joined after a message, a revoked invite, a choice.
  g.create_group({"late", "Later", "open", "u1", 700, {{"u1", "owner", 700}}});
  append_sync(m, message("g:late", "u1", "d1", "", R"({"t":"before u2"})", {}));
  g.add_members("late", {{"u2", "member", 701}});
  if (s.access) {
    s.access->bump_invite_epoch("late");
    s.access->bump_invite_epoch("late");
    s.access->set_group_add_privacy("u2", "nobody");
  }

  auto& k = *s.keys;
  k.upload("u1", "d1",
           {"ik1", {7, "spk1", "sig1"}, PreKey{99, "lr1"}, {{1, "o1"}, {2, "o2"}, {3, "o3"}}});
  k.upload("u2", "b1", {"ik2", {8, "spk2", "sig2"}, std::nullopt, {{5, "o5"}}});
  k.take_bundles("u1");  // consumes o1 of d1

  auto& so = *s.social;
  so.set_privacy("u1", {"contacts", "nobody", "everyone"});
  so.add_contacts("u1", {"u3", "u2"});
  so.block("u2", "u3");
  return out;
}

// Checks everything fill() wrote, then that writing goes on from where it stopped.
inline void verify(StoreSet& s, const Written& w) {
  using ::testing::ElementsAre;
  using ::testing::IsEmpty;
  auto& a = *s.accounts;
  auto u2 = a.user_by_phone("+15550000002");
  ASSERT_TRUE(u2);
  EXPECT_EQ(u2->id, "u2");
  EXPECT_EQ(u2->display_name, "Bob \"B\" \\ Ünïcode");
  EXPECT_EQ(u2->created_ms, 200);
  EXPECT_FALSE(u2->banned);
  ASSERT_TRUE(a.user_by_id("u3"));
  EXPECT_TRUE(a.user_by_id("u3")->banned);
  auto ds = a.devices("u1");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[1].id, "d2");
  EXPECT_EQ(ds[1].name, "laptop");
  EXPECT_EQ(ds[1].last_seen_ms, 21);
  EXPECT_THAT(a.devices("u3"), IsEmpty());
  auto code = a.login_code("+15550000009");
  ASSERT_TRUE(code);
  EXPECT_EQ(code->code_hash, "hash9");
  EXPECT_EQ(code->attempts, 1);
  auto tok = a.take_refresh_token("tok2");
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->device, "b1");
  EXPECT_EQ(tok->expires_ms, 6000);
  EXPECT_FALSE(a.take_refresh_token("tok2"));

  auto& m = *s.messages;
  auto held = m.history(kDirect, 0, 10);
  ASSERT_EQ(held.size(), 4u);  // c1 was swept
  EXPECT_EQ(held[0].seq, 5);
  EXPECT_EQ(held[3].seq, 2);
  EXPECT_EQ(held[3].body, R"({"t":"second, with \"quotes\" and {braces}"})");
  EXPECT_EQ(held[3].ts, w.by_client_id.at("c2").ts);
  EXPECT_EQ(held[2].enc, "e2ee");
  EXPECT_EQ(held[2].body, "shared");
  EXPECT_EQ(held[0].body, "");
  auto group = m.history(kGroup, 0, 10);
  ASSERT_EQ(group.size(), 2u);
  EXPECT_EQ(group[1].kind, "system");
  EXPECT_EQ(group[0].sender_user, "u2");

  EXPECT_EQ(m.acked_cursor("u2", "b1"), 2);
  auto b1 = m.inbox("u2", "b1", 0, 10);
  ASSERT_EQ(b1.size(), 3u);  // c3, c4, sys
  EXPECT_EQ(b1[0].cursor, 3);
  EXPECT_EQ(b1[0].msg_id, w.by_client_id.at("c3").msg_id);
  EXPECT_EQ(b1[0].body, "cipher-for-b1");
  EXPECT_EQ(b1[1].body, "expires later");
  EXPECT_EQ(b1[2].kind, "system");
  EXPECT_EQ(b1[2].chat, kGroup);
  auto d1 = m.inbox("u1", "d1", 0, 10);
  ASSERT_EQ(d1.size(), 2u);
  EXPECT_EQ(d1[0].kind, "receipt");
  EXPECT_EQ(d1[0].payload, R"({"read":3})");
  EXPECT_EQ(d1[1].msg_id, w.by_client_id.at("g1").msg_id);
  auto d2 = m.inbox("u1", "d2", 0, 10);
  ASSERT_EQ(d2.size(), 3u);
  EXPECT_EQ(d2[0].cursor, 2);
  EXPECT_EQ(d2[1].body, "cipher-d2");

  // Writing goes on where it stopped: seq, cursors, client ids, read marks.
  auto again = append_sync(m, direct("c3", "retry", {{"u2", "b1", ""}}));
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.msg_id, w.by_client_id.at("c3").msg_id);
  auto next = append_sync(m, direct("c6", "next", {{"u2", "b1", ""}, {"u3", "c1", ""}}));
  EXPECT_FALSE(next.duplicate);
  EXPECT_EQ(next.seq, 6);
  ASSERT_EQ(next.cursors.size(), 2u);
  EXPECT_EQ(next.cursors[0].cursor, w.b1_last_cursor + 1);
  EXPECT_EQ(next.cursors[1].cursor, 3);  // c1 had 1 and 2 before it was removed
  EXPECT_EQ(append_sync(m, message(kGroup, "u1", "d1", "", "x", {})).seq, 3);
  EXPECT_THAT(m.mark_read(kDirect, "u2", 3), IsEmpty());
  EXPECT_THAT(m.mark_read(kDirect, "u2", 6), ElementsAre("u1"));
  auto day = std::int64_t{24} * 3600 * 1000;
  EXPECT_EQ(m.sweep(next.ts - 1, Retention::keep, 30 * day), 0);

  auto& g = *s.groups;
  auto grp = g.group("grp");
  ASSERT_TRUE(grp);
  EXPECT_EQ(grp->policy, "announcement");
  EXPECT_EQ(grp->created_ms, 500);
  ASSERT_EQ(grp->members.size(), 3u);
  EXPECT_EQ(grp->members[0].user, "u3");
  EXPECT_EQ(grp->members[1].role, "owner");
  EXPECT_EQ(grp->members[2].role, "admin");
  EXPECT_EQ(grp->members[2].joined_ms, 502);
  auto empty = g.group("empty");
  ASSERT_TRUE(empty);
  EXPECT_THAT(empty->members, IsEmpty());
  EXPECT_THAT(g.groups_of("u2"), ::testing::UnorderedElementsAre("grp", "late"));
  if (s.access) {
    EXPECT_EQ(s.access->join_seq("late", "u1"), 1);
    EXPECT_EQ(s.access->join_seq("late", "u2"), 2);
    EXPECT_EQ(s.access->invite_epoch("late"), 2);
    EXPECT_EQ(s.access->invite_epoch("grp"), 0);
    EXPECT_EQ(s.access->group_add_privacy("u2"), "nobody");
    EXPECT_EQ(s.access->group_add_privacy("u1"), std::nullopt);
  }

  auto& k = *s.keys;
  EXPECT_EQ(k.one_time_count("u1", "d1"), 2);
  auto bundles = k.take_bundles("u1");
  ASSERT_EQ(bundles.size(), 1u);
  EXPECT_EQ(bundles[0].identity_key, "ik1");
  EXPECT_EQ(bundles[0].signed_prekey.signature, "sig1");
  ASSERT_TRUE(bundles[0].one_time);
  EXPECT_EQ(bundles[0].one_time->id, 2);
  EXPECT_EQ(bundles[0].remaining, 1);
  k.take_bundles("u1");
  bundles = k.take_bundles("u1");
  ASSERT_TRUE(bundles[0].one_time);
  EXPECT_TRUE(bundles[0].last_resort);
  EXPECT_EQ(bundles[0].one_time->key, "lr1");
  auto u2keys = k.take_bundles("u2");
  ASSERT_EQ(u2keys.size(), 1u);
  EXPECT_EQ(u2keys[0].one_time->key, "o5");
  EXPECT_EQ(k.take_bundles("u2")[0].one_time, std::nullopt);

  auto& so = *s.social;
  EXPECT_EQ(so.privacy("u1").last_seen, "contacts");
  EXPECT_EQ(so.privacy("u1").online, "nobody");
  EXPECT_EQ(so.privacy("u2").online, "everyone");
  EXPECT_THAT(so.contacts("u1"), ElementsAre("u2", "u3"));
  EXPECT_TRUE(so.is_blocked("u2", "u3"));
  EXPECT_FALSE(so.is_blocked("u3", "u2"));
}

}  // namespace sb::conformance::data_set
