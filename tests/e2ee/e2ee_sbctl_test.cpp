// SPDX-License-Identifier: Apache-2.0
// sbctl's end-to-end encryption against the real daemon (store-sqlite): what one user sends
// is nowhere in the server's files and the other reads it; devices added later, one's own
// other devices and devices gone (stale_devices); groups; keys.low refills; safety numbers;
// files whose key travels only inside the encrypted body; what cannot be decrypted.
#include <fstream>
#include <sstream>
#include <thread>

#include <switchboard/client/signal_store.hpp>

#include "e2ee_fixture.hpp"

namespace sb::e2ee_test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

fs::path data_dir(const Server& s) {
  return fs::path(s.dir().path()) / "data";
}

std::string text_of(const json::object& message) {
  auto* body = message.if_contains("body");
  if (!body || !body->is_object() || !body->as_object().contains("text")) return {};
  return std::string(body->at("text").as_string());
}

TEST_F(E2eeTest, APlaintextIsNowhereOnTheServerAndTheReceiverReadsIt) {
  Server server(e2ee_options());
  register_as(server, "alice", 1);
  register_as(server, "bob", 2);
  std::string bob = user_of("bob"), alice = user_of("alice");
  auto secret = distinctive("the-eagle-lands-at-dawn");
  auto sent = sbctl({"--profile", "alice", "send", bob, secret});
  ASSERT_EQ(sent.code, 0) << sent.err;
  // Stored for Bob, not yet delivered: the database, its WAL, everything.
  EXPECT_EQ(files_holding(data_dir(server), secret), std::vector<std::string>{});

  auto heard = listen("bob", 1)->wait(30s);
  ASSERT_EQ(heard.code, 0) << heard.err;
  auto messages = messages_in(heard.out);
  ASSERT_EQ(messages.size(), 1u) << heard.out;
  EXPECT_EQ(messages[0].at("enc"), "e2ee");
  EXPECT_EQ(text_of(messages[0]), secret);
  EXPECT_EQ(messages[0].at("from").at("user").as_string(), alice);
  // Delivered and acked (the server may now delete it): still nowhere.
  EXPECT_EQ(files_holding(data_dir(server), secret), std::vector<std::string>{});

  // And back: Bob's answer is a SignalMessage in the session Alice started.
  auto answer = distinctive("roger-that");
  ASSERT_EQ(sbctl({"--profile", "bob", "send", alice, answer}).code, 0);
  auto back = listen("alice", 1)->wait(30s);
  ASSERT_EQ(back.code, 0) << back.err;
  ASSERT_EQ(messages_in(back.out).size(), 1u) << back.out;
  EXPECT_EQ(text_of(messages_in(back.out)[0]), answer);
  EXPECT_EQ(files_holding(data_dir(server), answer), std::vector<std::string>{});

  // The key stores are the owner's only.
  for (auto* p : {"alice", "bob"})
    EXPECT_EQ(fs::status(store_of(p)).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
}

// The scan finds what is there: a --plain message is stored readable (what bots get).
TEST_F(E2eeTest, PlainMessagesAreStoredReadableSoTheScanSeesThem) {
  Server server(e2ee_options());
  register_as(server, "alice", 1);
  register_as(server, "bob", 2);
  auto plain = distinctive("not-a-secret");
  ASSERT_EQ(sbctl({"--profile", "alice", "send", user_of("bob"), plain, "--plain"}).code, 0);
  EXPECT_FALSE(files_holding(data_dir(server), plain).empty());
  auto heard = sbctl({"--profile", "bob", "listen", "--count", "1", "--timeout", "30"});
  ASSERT_EQ(heard.code, 0) << heard.err;
  EXPECT_NE(heard.out.find(plain + "  (not end-to-end encrypted)"), std::string::npos) << heard.out;
}

TEST_F(E2eeTest, ADeviceAddedLaterAndTheSendersOtherDeviceGetNewMessages) {
  Server server(e2ee_options());
  register_as(server, "alice", 1);
  register_as(server, "bob", 2);
  std::string bob = user_of("bob");
  ASSERT_EQ(sbctl({"--profile", "alice", "send", bob, "before"}).code, 0);
  ASSERT_EQ(listen("bob", 1)->wait(30s).code, 0);

  // Bob's second device and Alice's second device log in afterwards.
  register_as(server, "bob-laptop", 2);
  register_as(server, "alice-laptop", 1);
  ASSERT_EQ(user_of("bob-laptop"), bob);
  auto secret = distinctive("for-every-device");
  // Alice knows only Bob's first device: the server answers stale_devices (Bob's laptop and
  // her own laptop missing), sbctl fetches their bundles and sends again.
  auto sent = sbctl({"--profile", "alice", "send", bob, secret});
  ASSERT_EQ(sent.code, 0) << sent.err;
  for (auto* profile : {"bob", "bob-laptop", "alice-laptop"}) {
    auto heard = listen(profile, 1)->wait(30s);
    ASSERT_EQ(heard.code, 0) << profile << ": " << heard.err << heard.out;
    auto m = messages_in(heard.out);
    ASSERT_EQ(m.size(), 1u) << profile << ": " << heard.out;
    EXPECT_EQ(text_of(m[0]), secret) << profile;
  }
  // The laptop did not get what was said before it existed.
  EXPECT_EQ(files_holding(data_dir(server), secret), std::vector<std::string>{});

  // Bob's laptop answers: Alice's phone and laptop both read it.
  auto answer = distinctive("from-the-laptop");
  ASSERT_EQ(sbctl({"--profile", "bob-laptop", "send", user_of("alice"), answer}).code, 0);
  for (auto* profile : {"alice", "alice-laptop"}) {
    auto heard = listen(profile, 1)->wait(30s);
    ASSERT_EQ(heard.code, 0) << profile << ": " << heard.err;
    ASSERT_EQ(messages_in(heard.out).size(), 1u) << heard.out;
    EXPECT_EQ(text_of(messages_in(heard.out)[0]), answer) << profile;
  }
}

TEST_F(E2eeTest, ARevokedDeviceIsDroppedOnTheServersWordAndTheSendGoesThrough) {
  Server server(e2ee_options());
  register_as(server, "alice", 1);
  register_as(server, "bob", 2);
  register_as(server, "bob-laptop", 2);
  std::string bob = user_of("bob"), laptop = device_of("bob-laptop");
  ASSERT_EQ(sbctl({"--profile", "alice", "send", bob, "to both"}).code, 0);
  std::string laptop_address = bob + ":" + laptop;
  {
    client::SignalStore store(store_of("alice").string());
    ASSERT_TRUE(store.session(laptop_address, 1)) << "alice never encrypted for the laptop";
  }
  ASSERT_EQ(sbctl({"--profile", "bob", "devices", "revoke", laptop}).code, 0);
  // Alice still has a session with the laptop: the server calls it extra, sbctl drops it.
  auto secret = distinctive("after-the-revoke");
  auto sent = sbctl({"--profile", "alice", "send", bob, secret});
  ASSERT_EQ(sent.code, 0) << sent.err;
  client::SignalStore store(store_of("alice").string());
  EXPECT_FALSE(store.session(laptop_address, 1));
  auto heard = listen("bob", 2)->wait(30s);
  ASSERT_EQ(heard.code, 0) << heard.err;
  auto m = messages_in(heard.out);
  ASSERT_EQ(m.size(), 2u) << heard.out;
  EXPECT_EQ(text_of(m[1]), secret);
}

TEST_F(E2eeTest, AGroupMessageReachesThreeMembersEncrypted) {
  Server server(e2ee_options());
  for (auto [profile, n] : std::vector<std::pair<std::string, int>>{
           {"alice", 1}, {"bob", 2}, {"carol", 3}, {"dave", 4}})
    register_as(server, profile, n);
  std::string members = user_of("bob") + "," + user_of("carol") + "," + user_of("dave");
  auto created =
      sbctl({"--profile", "alice", "--json", "group", "create", "trip", "--members", members});
  ASSERT_EQ(created.code, 0) << created.err;
  std::string group(json::parse(created.out).at("group").as_string());
  auto secret = distinctive("meet-at-the-harbour");
  auto sent = sbctl({"--profile", "alice", "send", "group:" + group, secret});
  ASSERT_EQ(sent.code, 0) << sent.err;
  EXPECT_EQ(files_holding(data_dir(server), secret), std::vector<std::string>{});
  for (auto* profile : {"bob", "carol", "dave"}) {
    // The group events come first; the message is the one with a body.
    auto heard = listen(profile, 1)->wait(30s);
    ASSERT_EQ(heard.code, 0) << profile << ": " << heard.err;
    auto m = messages_in(heard.out);
    ASSERT_EQ(m.size(), 1u) << heard.out;
    EXPECT_EQ(text_of(m[0]), secret) << profile;
    EXPECT_EQ(m[0].at("chat").as_string(), "g:" + group);
  }
  // A member answers the group: everyone else, the sender's first message's author too.
  auto answer = distinctive("see-you-there");
  ASSERT_EQ(sbctl({"--profile", "carol", "send", "group:" + group, answer}).code, 0);
  for (auto* profile : {"alice", "bob", "dave"}) {
    auto heard = listen(profile, 1)->wait(30s);
    ASSERT_EQ(heard.code, 0) << profile << ": " << heard.err;
    auto m = messages_in(heard.out);
    ASSERT_FALSE(m.empty()) << heard.out;
    EXPECT_EQ(text_of(m.back()), answer) << profile;
  }
}

TEST_F(E2eeTest, KeysLowIsAnsweredWithANewBatch) {
  // 100 one-time prekeys at register; below 98 the server says keys.low.
  Server server(e2ee_options({}, "prekeys_low_threshold = 98"));
  register_as(server, "bob", 2);
  for (auto [profile, n] :
       std::vector<std::pair<std::string, int>>{{"alice", 1}, {"carol", 3}, {"dave", 4}})
    register_as(server, profile, n);
  std::string bob = user_of("bob");
  // Bob must be online when the shortage happens: keys.low is not kept for later.
  e2e::Process listener({SB_SBCTL, "--profile", "bob", "listen", "--timeout", "30"},
                        {{"HOME", home.path()}});
  ASSERT_TRUE(
      e2e::eventually([&] { return listener.out(0).find("listening") != std::string::npos; }, 15s))
      << listener.wait(1s).err;
  // Three first messages: three bundles of Bob's fetched, 97 left.
  for (auto* profile : {"alice", "carol", "dave"})
    ASSERT_EQ(sbctl({"--profile", profile, "send", bob, "hi"}).code, 0);
  ASSERT_TRUE(e2e::eventually(
      [&] {
        client::SignalStore store(store_of("bob").string());
        return store.meta("next_prekey_id") == "201";
      },
      15s))
      << listener.out(0);
  EXPECT_NE(listener.out(0).find("\"ev\":\"keys.low\""), std::string::npos);
  // The server holds the 97 left and the refill: a batch more makes 297.
  auto upload = sbctl({"--profile", "bob", "--json", "keys", "upload"});
  ASSERT_EQ(upload.code, 0) << upload.err;
  EXPECT_EQ(json::parse(upload.out).at("one_time_prekeys"), 297) << upload.out;
}

TEST_F(E2eeTest, SafetyNumbersAgreeBetweenTwoPeopleAndDifferForAThird) {
  Server server(e2ee_options());
  register_as(server, "alice", 1);
  register_as(server, "bob", 2);
  register_as(server, "carol", 3);
  auto number = [&](const std::string& profile, const std::string& peer) {
    auto r = sbctl({"--profile", profile, "--json", "safety-number", user_of(peer)});
    EXPECT_EQ(r.code, 0) << r.err;
    return std::string(json::parse(r.out).at("safety_number").as_string());
  };
  auto ab = number("alice", "bob"), ba = number("bob", "alice");
  EXPECT_EQ(ab.size(), 60u);
  EXPECT_EQ(ab.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(ab, ba);
  EXPECT_NE(number("alice", "carol"), ab);
  auto shown = sbctl({"--profile", "alice", "safety-number", user_of("bob")});
  EXPECT_NE(shown.out.find(ab.substr(0, 5) + " " + ab.substr(5, 5)), std::string::npos)
      << shown.out;
  // The sessions the fetched bundles made work: a message goes without another fetch.
  auto secret = distinctive("verified");
  ASSERT_EQ(sbctl({"--profile", "alice", "send", user_of("bob"), secret}).code, 0);
  auto heard = listen("bob", 1)->wait(30s);
  ASSERT_EQ(messages_in(heard.out).size(), 1u) << heard.out << heard.err;
  EXPECT_EQ(text_of(messages_in(heard.out)[0]), secret);
}

TEST_F(E2eeTest, AFileRoundTripsAndItsKeyIsNowhereOnTheServer) {
  Server server(e2ee_options());
  register_as(server, "alice", 1);
  register_as(server, "bob", 2);
  auto content = distinctive("a-scanned-contract") + std::string(100'000, 'x');
  auto path = fs::path(home.path()) / "contract.txt";
  std::ofstream(path, std::ios::binary) << content;
  auto sent = sbctl({"--profile", "alice", "--json", "send-file", user_of("bob"), path.string(),
                     "--type", "text/plain", "--caption", "sign here"});
  ASSERT_EQ(sent.code, 0) << sent.err;
  auto s = json::parse(sent.out).as_object();
  std::string key(s.at("file").at("key").as_string()), msg(s.at("msg_id").as_string());
  ASSERT_EQ(key.size(), 64u);
  std::string raw_key;
  for (std::size_t i = 0; i < 64; i += 2)
    raw_key += static_cast<char>(std::stoi(key.substr(i, 2), nullptr, 16));
  for (auto& needle : {key, raw_key, content.substr(0, 40), std::string("sign here")})
    EXPECT_EQ(files_holding(data_dir(server), needle), std::vector<std::string>{}) << needle;

  auto got = sbctl({"--profile", "bob", "get-file", msg, home.path() + "/got.txt"});
  ASSERT_EQ(got.code, 0) << got.err;
  std::ifstream in(home.path() + "/got.txt", std::ios::binary);
  std::stringstream back;
  back << in.rdbuf();
  EXPECT_EQ(back.str(), content);
  // listen shows it after get-file opened it (from the profile's store: a ratchet key
  // works once), without the key.
  auto heard = sbctl({"--profile", "bob", "listen", "--count", "1", "--timeout", "30"});
  ASSERT_EQ(heard.code, 0) << heard.err;
  EXPECT_NE(heard.out.find("sign here [file contract.txt"), std::string::npos) << heard.out;
  EXPECT_EQ(heard.out.find(key), std::string::npos);
  for (auto& needle : {key, raw_key})
    EXPECT_EQ(files_holding(data_dir(server), needle), std::vector<std::string>{});
}

TEST_F(E2eeTest, AMessageThatCannotBeDecryptedIsPrintedAsSuchAndListenGoesOn) {
  Server server(e2ee_options());
  register_as(server, "alice", 1);
  register_as(server, "bob", 2);
  std::string bob = user_of("bob"), device = device_of("bob");
  // A body no session made, then a real message.
  json::object forged{{"to", {{"user", bob}}},
                      {"client_msg_id", "forged-1"},
                      {"enc", "e2ee"},
                      {"bodies", {{bob + ":" + device, "m:AAAAAAAA"}}}};
  auto raw = sbctl({"--profile", "alice", "raw", "send", json::serialize(forged)});
  ASSERT_EQ(raw.code, 0) << raw.err;
  ASSERT_EQ(sbctl({"--profile", "alice", "send", bob, "still readable"}).code, 0);
  auto heard = sbctl({"--profile", "bob", "listen", "--count", "2", "--timeout", "30"});
  ASSERT_EQ(heard.code, 0) << heard.err;
  EXPECT_NE(heard.out.find("(cannot decrypt: "), std::string::npos) << heard.out;
  EXPECT_NE(heard.out.find(": still readable"), std::string::npos) << heard.out;
}

}  // namespace
}  // namespace sb::e2ee_test
