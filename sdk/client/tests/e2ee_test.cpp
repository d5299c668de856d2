// SPDX-License-Identifier: Apache-2.0
// E2ee without a server: devices exchange bundles shaped as keys.bundle answers them and
// messages in the wire format (pk:/m: and base64); the uploaded keys are what docs/e2ee.md
// says (33-byte keys, a 64-byte XEdDSA signature over the signed prekey); the last-resort
// prekey survives use; safety numbers agree; a bad body changes nothing.
#include <gtest/gtest.h>

#include <switchboard/client/e2ee.hpp>
#include <switchboard/client/error.hpp>

#include "../src/base64.hpp"
#include "../src/signal_context.hpp"

namespace sb::client {
namespace {

namespace json = boost::json;

struct Device {
  Device(const std::string& user, const std::string& device)
      : store(":memory:"), e2ee(store, user, device), user(user), device(device) {}
  // What keys.bundle would answer for this device after a keys.upload of `fields`,
  // handing out one-time prekey `index` (or the last resort when there is none).
  json::object bundle(const json::object& fields, std::size_t index) {
    auto& otps = fields.at("one_time_prekeys").as_array();
    json::object d{{"device", device},
                   {"identity_key", fields.at("identity_key")},
                   {"signed_prekey", fields.at("signed_prekey")}};
    d["one_time_prekey"] = index < otps.size() ? otps[index] : fields.at("last_resort_prekey");
    d["last_resort"] = index >= otps.size();
    return d;
  }
  std::string address() const { return device_address(user, device); }
  SignalStore store;
  E2ee e2ee;
  std::string user, device;
};

std::string raw(const json::value& v) {
  auto decoded = detail::base64_decode(std::string(v.as_string()));
  EXPECT_TRUE(decoded);
  return decoded.value_or("");
}

TEST(E2ee, UploadFieldsAreWhatTheWireFormatSays) {
  Device a("u_a", "d_1");
  auto f = a.e2ee.upload_fields(3);
  auto identity = raw(f.at("identity_key"));
  ASSERT_EQ(identity.size(), 33u);
  EXPECT_EQ(identity[0], '\x05');
  auto& spk = f.at("signed_prekey").as_object();
  auto spk_key = raw(spk.at("key"));
  auto sig = raw(spk.at("sig"));
  EXPECT_EQ(spk_key.size(), 33u);
  ASSERT_EQ(sig.size(), 64u);
  // The signature is the identity key's XEdDSA signature over the 33 serialized bytes.
  detail::SignalContext ctx(a.store);
  ec_public_key* id_key = nullptr;
  ASSERT_EQ(curve_decode_point(&id_key, reinterpret_cast<const uint8_t*>(identity.data()), 33,
                               ctx.global()),
            0);
  detail::Ref<ec_public_key> holder(id_key);
  EXPECT_EQ(curve_verify_signature(id_key, reinterpret_cast<const uint8_t*>(spk_key.data()), 33,
                                   reinterpret_cast<const uint8_t*>(sig.data()), 64),
            1);
  EXPECT_EQ(f.at("last_resort_prekey").at("id").as_int64(), 0xFFFFFF);
  auto& otps = f.at("one_time_prekeys").as_array();
  ASSERT_EQ(otps.size(), 3u);
  EXPECT_EQ(otps[0].at("id").as_int64(), 1);
  EXPECT_EQ(raw(otps[2].at("key")).size(), 33u);
  // A refill continues the ids and keeps identity, signed and last-resort keys.
  auto g = a.e2ee.upload_fields(2);
  EXPECT_EQ(g.at("one_time_prekeys").at(0).at("id").as_int64(), 4);
  EXPECT_EQ(g.at("identity_key"), f.at("identity_key"));
  EXPECT_EQ(g.at("signed_prekey"), f.at("signed_prekey"));
  EXPECT_EQ(g.at("last_resort_prekey"), f.at("last_resort_prekey"));
  auto reg = a.e2ee.registration_id();
  EXPECT_GE(reg, 1u);
  EXPECT_LE(reg, 16380u);
}

TEST(E2ee, APreKeyMessageThenSignalMessagesBothWays) {
  Device alice("u_a", "d_1"), bob("u_b", "d_2");
  auto keys = bob.e2ee.upload_fields(5);
  auto added = alice.e2ee.add_bundles("u_b", json::array{bob.bundle(keys, 0)});
  ASSERT_EQ(added, std::vector<std::string>{"u_b:d_2"});
  EXPECT_EQ(alice.e2ee.known_devices("u_b"), std::vector<std::string>{"u_b:d_2"});

  auto first = alice.e2ee.encrypt(R"({"text":"hello bob"})", {"u_b:d_2"});
  ASSERT_TRUE(first.at("u_b:d_2").starts_with("pk:"));
  EXPECT_EQ(bob.e2ee.decrypt(alice.address(), first.at("u_b:d_2")), R"({"text":"hello bob"})");
  // Bob used one-time prekey 1: it is gone from his store.
  EXPECT_FALSE(bob.store.prekey(1));
  EXPECT_TRUE(bob.e2ee.has_session("u_a:d_1"));

  auto answer = bob.e2ee.encrypt("hi alice", {"u_a:d_1"});
  ASSERT_TRUE(answer.at("u_a:d_1").starts_with("m:"));
  EXPECT_EQ(alice.e2ee.decrypt(bob.address(), answer.at("u_a:d_1")), "hi alice");
  // Once answered, Alice's next messages are plain SignalMessages.
  auto next = alice.e2ee.encrypt("again", {"u_b:d_2"});
  EXPECT_TRUE(next.at("u_b:d_2").starts_with("m:"));
  EXPECT_EQ(bob.e2ee.decrypt(alice.address(), next.at("u_b:d_2")), "again");
}

TEST(E2ee, AMessageOpensOnceAndIsThenReadFromTheStore) {
  Device alice("u_a", "d_1"), bob("u_b", "d_2");
  alice.e2ee.add_bundles("u_b", json::array{bob.bundle(bob.e2ee.upload_fields(1), 0)});
  auto body = alice.e2ee.encrypt("once", {"u_b:d_2"}).at("u_b:d_2");
  OpenedBody meta{"d:u_a:u_b/1", "d:u_a:u_b", 1, "u_a", "d_1", ""};
  EXPECT_EQ(bob.e2ee.open(alice.address(), body, meta), "once");
  EXPECT_EQ(bob.e2ee.open(alice.address(), body, meta), "once");  // from the store
  EXPECT_EQ(bob.store.opened("d:u_a:u_b/1")->body, "once");
  try {
    bob.e2ee.decrypt(alice.address(), body);  // the ratchet key is spent
    FAIL() << "a message decrypted twice";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "signal");
  }
}

TEST(E2ee, TheLastResortPrekeyServesEveryoneAndIsKept) {
  Device bob("u_b", "d_2"), carol("u_c", "d_3"), dave("u_d", "d_4");
  auto keys = bob.e2ee.upload_fields(0);
  for (Device* sender : {&carol, &dave}) {
    auto bundle = bob.bundle(keys, 0);
    ASSERT_EQ(bundle.at("one_time_prekey").at("id").as_int64(), 0xFFFFFF);
    sender->e2ee.add_bundles("u_b", json::array{bundle});
    auto body = sender->e2ee.encrypt("from " + sender->user, {"u_b:d_2"}).at("u_b:d_2");
    EXPECT_EQ(bob.e2ee.decrypt(sender->address(), body), "from " + sender->user);
  }
  EXPECT_TRUE(bob.store.prekey(0xFFFFFF));
}

TEST(E2ee, ABundleThatDoesNotVerifyMakesNoSession) {
  Device alice("u_a", "d_1"), bob("u_b", "d_2"), mallory("u_m", "d_9");
  auto bundle = bob.bundle(bob.e2ee.upload_fields(1), 0);
  // Mallory's identity key in front of Bob's signed prekey: the signature fails.
  bundle["identity_key"] = mallory.e2ee.identity_key();
  EXPECT_TRUE(alice.e2ee.add_bundles("u_b", json::array{bundle}).empty());
  EXPECT_FALSE(alice.e2ee.has_session("u_b:d_2"));
  EXPECT_THROW(alice.e2ee.encrypt("x", {"u_b:d_2"}), Error);
}

TEST(E2ee, ABadBodyIsRefusedAndChangesNothing) {
  Device alice("u_a", "d_1"), bob("u_b", "d_2");
  alice.e2ee.add_bundles("u_b", json::array{bob.bundle(bob.e2ee.upload_fields(1), 0)});
  auto body = alice.e2ee.encrypt("fine", {"u_b:d_2"}).at("u_b:d_2");
  auto altered = body;
  // In the middle: keys and ciphertext (the tail holds ids the MAC does not cover).
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  for (const std::string& bad : {std::string("zz:abcd"), std::string("m:not base64!"), altered,
                                 std::string("m:") + body.substr(3)}) {
    EXPECT_THROW(bob.e2ee.decrypt(alice.address(), bad), Error) << bad;
  }
  EXPECT_EQ(bob.e2ee.decrypt(alice.address(), body), "fine");
}

TEST(E2ee, SafetyNumbersAgreeAndDifferPerPair) {
  Device alice("u_a", "d_1"), alice2("u_a", "d_5"), bob("u_b", "d_2"), carol("u_c", "d_3");
  std::vector<std::string> a_keys{alice.e2ee.identity_key(), alice2.e2ee.identity_key()};
  std::vector<std::string> a_keys_other_order{a_keys[1], a_keys[0]};
  std::vector<std::string> b_keys{bob.e2ee.identity_key()};
  auto from_alice = alice.e2ee.safety_number("u_a", a_keys, "u_b", b_keys);
  auto from_bob = bob.e2ee.safety_number("u_b", b_keys, "u_a", a_keys_other_order);
  ASSERT_EQ(from_alice.size(), 60u);
  EXPECT_EQ(from_alice.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(from_alice, from_bob);
  auto with_carol = alice.e2ee.safety_number("u_a", a_keys, "u_c", {carol.e2ee.identity_key()});
  EXPECT_NE(from_alice, with_carol);
  EXPECT_EQ(format_safety_number(from_alice).size(), 60u + 11u);
  EXPECT_THROW(alice.e2ee.safety_number("u_a", a_keys, "u_b", {"bm90IGEga2V5"}), Error);
}

TEST(E2ee, AStoreOfAnotherDeviceStartsOver) {
  SignalStore store(":memory:");
  std::string first;
  {
    E2ee e(store, "u_a", "d_1");
    first = e.identity_key();
    e.set_keys_uploaded(true);
  }
  {
    E2ee same(store, "u_a", "d_1");
    EXPECT_EQ(same.identity_key(), first);
    EXPECT_TRUE(same.keys_uploaded());
  }
  E2ee next(store, "u_a", "d_7");  // logged in again: a new device
  EXPECT_NE(next.identity_key(), first);
  EXPECT_FALSE(next.keys_uploaded());
}

}  // namespace
}  // namespace sb::client
