// SPDX-License-Identifier: Apache-2.0
// sb.kv through the store's kv-store service: JSON values round-trip, what is not JSON or too
// large is refused, and each bot has its own namespace.
#include <gmock/gmock.h>

#include "bots_fixture.hpp"

namespace sb::bots::test {
namespace {

class BotsKvTest : public BotsTest {
 protected:
  void add_scripts() override {
    write_script("keeper", R"lua(
sb.on("message", function(msg)
  sb.kv.set("t", { a = 1, b = { true, false, "x" }, c = 1.5, d = {} })
  sb.kv.set("gone", 1)
  sb.kv.del("gone")
  sb.kv.set("also_gone", "x")
  sb.kv.set("also_gone", nil)
  sb.reply(msg, {
    t = sb.kv.get("t"),
    fn = pcall(sb.kv.set, "f", function() end),
    big = pcall(sb.kv.set, "big", string.rep("x", 70000)),
    empty_key = pcall(sb.kv.set, "", 1),
    gone = sb.kv.get("gone") == nil and sb.kv.get("also_gone") == nil,
    missing = sb.kv.get("nope") == nil,
  })
end)
)lua");
    write_script("peeker",
                 "sb.on('message', function(msg) sb.reply(msg, {seen = sb.kv.get('t')}) end)\n");
  }
};

TEST_F(BotsKvTest, ValuesRoundTripAndNamespacesAreSeparate) {
  auto& alice = login(1);
  tell(alice, "keeper", "go");
  auto m = next_from(alice, "keeper");
  ASSERT_FALSE(m.empty());
  auto& body = m.at("body").as_object();
  auto& t = body.at("t").as_object();
  EXPECT_EQ(t.at("a"), 1);
  EXPECT_EQ(t.at("b"), (json::array{true, false, "x"}));
  EXPECT_EQ(t.at("c"), 1.5);
  EXPECT_EQ(t.at("d"), json::object{});
  EXPECT_EQ(body.at("fn"), false);
  EXPECT_EQ(body.at("big"), false);
  EXPECT_EQ(body.at("empty_key"), false);
  EXPECT_EQ(body.at("gone"), true);
  EXPECT_EQ(body.at("missing"), true);

  tell(alice, "peeker", "go");
  auto p = next_from(alice, "peeker");
  ASSERT_FALSE(p.empty());
  EXPECT_FALSE(p.at("body").as_object().contains("seen")) << json::serialize(p);
}

}  // namespace
}  // namespace sb::bots::test
