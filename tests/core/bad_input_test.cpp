// SPDX-License-Identifier: Apache-2.0
// Bad input for every op: a missing or wrong-typed field gets bad_request naming the field,
// garbage frames get bad_request (without an id when none could be read), unknown ops are
// named, and the connection stays usable throughout.
#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

using BadInput = ChatTest;

struct Case {
  const char* op;
  const char* field;  // the field the error must name
};

TEST_F(BadInput, EveryOpNamesItsMissingField) {
  auto& alice = login(1);
  const Case cases[] = {
      {"send", "to"},
      {"ack", "cursor"},
      {"read", "chat"},
      {"typing", "chat"},
      {"history", "chat"},
      {"presence.subscribe", "users"},
      {"contacts.add", "users"},
      {"contacts.remove", "users"},
      {"block", "user"},
      {"unblock", "user"},
      {"group.create", "name"},
      {"group.add", "group"},
      {"group.remove", "group"},
      {"group.leave", "group"},
      {"group.info", "group"},
      {"group.role", "group"},
      {"group.join", "code"},
      {"keys.upload", "identity_key"},
      {"keys.bundle", "user"},
      {"devices.revoke", "device"},
  };
  for (auto& c : cases) {
    auto r = alice.request({{"op", c.op}});
    ASSERT_EQ(r.at("ok"), false) << c.op;
    EXPECT_EQ(r.at("error").at("code"), "bad_request") << c.op;
    auto message = std::string(r.at("error").at("message").as_string());
    EXPECT_NE(message.find(std::string("\"") + c.field + "\""), std::string::npos)
        << c.op << ": " << message;
  }
}

TEST_F(BadInput, WrongTypesAreNamed) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto r = alice.request({{"op", "ack"}, {"cursor", "ten"}});
  EXPECT_EQ(r.at("error").at("message"), "field \"cursor\": expected an integer, got string");
  r = alice.request(
      {{"op", "send"}, {"to", {{"user", bob.user}}}, {"client_msg_id", 5}, {"body", "x"}});
  EXPECT_EQ(r.at("error").at("message"), "field \"client_msg_id\": expected a string, got number");
  r = alice.request({{"op", "send"},
                     {"to", {{"user", bob.user}}},
                     {"client_msg_id", "a"},
                     {"enc", "rot13"},
                     {"body", "x"}});
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  r = alice.request({{"op", "send"},
                     {"to", {{"user", bob.user}, {"group", "g"}}},
                     {"client_msg_id", "a"},
                     {"body", "x"}});
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  r = alice.request({{"op", "privacy.set"}, {"online", "friends"}});
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  r = alice.request(
      {{"op", "send"}, {"to", {{"user", "u_nobody"}}}, {"client_msg_id", "a"}, {"body", "x"}});
  EXPECT_EQ(r.at("error").at("code"), "not_found");
}

TEST_F(BadInput, GarbageFramesGetBadRequestAndTheConnectionStaysUsable) {
  auto& alice = login(1);
  for (const char* junk : {"", "{", "[1,2]", "42", "\"op\"", "{\"op\":5}",
                           "{\"id\":[1],\"op\":\"x\"}", "\xff\xfe", "{\"op\":\"send\"", "null"}) {
    auto r = alice.raw(junk);
    EXPECT_EQ(r.at("ok"), false) << junk;
    EXPECT_EQ(r.at("error").at("code"), "bad_request") << junk;
  }
  auto r = alice.raw(R"({"id":"k","op":"no.such.op"})", json::value("k"));
  EXPECT_EQ(r.at("error").at("message"), "unknown op \"no.such.op\"");
  EXPECT_EQ(alice.request({{"op", "devices.list"}}).at("ok"), true);
}

TEST_F(BadInput, NothingWorksBeforeAuthentication) {
  auto& alice = login(1, "phone", false);
  alice.connect_anonymous();
  EXPECT_EQ(alice.request({{"op", "devices.list"}}).at("error").at("code"), "unauthorized");
  EXPECT_EQ(alice.request({{"op", "auth"}, {"token", "not-a-jwt"}}).at("error").at("code"),
            "unauthorized");
  EXPECT_TRUE(alice.link().wait_closed());
  alice.connect_anonymous();
  auto ok = alice.request({{"op", "auth"}, {"token", alice.token}});
  EXPECT_EQ(ok.at("user_id"), alice.user.c_str());
  EXPECT_EQ(alice.request({{"op", "devices.list"}}).at("ok"), true);
}

}  // namespace
}  // namespace sb::core::test
