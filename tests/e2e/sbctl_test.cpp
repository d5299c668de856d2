// SPDX-License-Identifier: Apache-2.0
// sbctl as a person uses it, against the real daemon: register two profiles, one listens
// while the other sends, across both transports; where login state lives; and the exit
// codes for each kind of failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "e2e_server.hpp"
#include "process.hpp"

namespace sb::e2e {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace fs = std::filesystem;

class Sbctl : public ::testing::Test {
 protected:
  ProcessResult sbctl(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), SB_SBCTL);
    return run(args, env(), input, 30s);
  }
  std::map<std::string, std::string> env() const { return {{"HOME", home.path()}}; }
  ProcessResult register_as(const Server& server, const std::string& profile, int n) {
    return sbctl({"--server", server.url(), "--profile", profile, "register", Server::phone(n),
                  "--code", Server::code(n), "--device-name", profile + "-laptop"});
  }
  std::string user_of(const std::string& profile) {
    auto r = sbctl({"--profile", profile, "whoami", "--json"});
    return std::string(json::parse(r.out).at("user_id").as_string());
  }
  test::TempDir home;
};

ServerOptions accounts_only() {
  ServerOptions o;
  o.core = CoreKind::real;
  o.transports = false;
  return o;
}

TEST_F(Sbctl, RegisterKeepsTheLoginInTheProfile) {
  Server server(accounts_only());
  auto r = register_as(server, "alice", 1);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("logged in as u_"), std::string::npos) << r.out;
  auto path = fs::path(home.path()) / ".config/sbctl/alice.json";
  ASSERT_TRUE(fs::exists(path));
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(user_of("alice").substr(0, 2), "u_");
}

TEST_F(Sbctl, RegisterAsksForTheCodeOnStandardInput) {
  Server server(accounts_only());
  auto r = sbctl({"--server", server.url(), "register", Server::phone(2)}, Server::code(2) + "\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("enter it"), std::string::npos);
  EXPECT_TRUE(fs::exists(fs::path(home.path()) / ".config/sbctl/default.json"));
}

// A real (not test) number: the code comes from sms-file, as it would from a phone.
TEST_F(Sbctl, RegisterWithTheCodeThatRequestCodeSent) {
  Server server(accounts_only());
  const std::string phone = "+15557770042";
  auto asked = sbctl({"--server", server.url(), "request-code", phone, "--json"});
  ASSERT_EQ(asked.code, 0) << asked.err;
  EXPECT_GT(json::parse(asked.out).at("expires_in").as_int64(), 0);
  std::string code;
  eventually([&] {
    std::ifstream in(server.dir().path() + "/data/sms.jsonl");
    for (std::string line; std::getline(in, line);)
      if (json::parse(line).at("phone").as_string() == phone)
        code = std::string(json::parse(line).at("code").as_string());
    return !code.empty();
  });
  ASSERT_EQ(code.size(), 6u);
  // --code verifies what the user received; asking for a fresh code first would replace it.
  auto r =
      sbctl({"--server", server.url(), "--profile", "real", "register", phone, "--code", code});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(user_of("real").substr(0, 2), "u_");
  std::ifstream in(server.dir().path() + "/data/sms.jsonl");
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  EXPECT_EQ(lines, 1u);  // register sent no second code
}

TEST_F(Sbctl, RequestCodeRefusesABadNumber) {
  Server server(accounts_only());
  auto r = sbctl({"--server", server.url(), "request-code", "12345"});
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("phone"), std::string::npos) << r.err;
}

TEST_F(Sbctl, XdgConfigHomeWins) {
  Server server(accounts_only());
  auto xdg = home.path() + "/xdg";
  auto r = run({SB_SBCTL, "--server", server.url(), "--profile", "x", "register", Server::phone(1),
                "--code", Server::code(1)},
               {{"HOME", home.path()}, {"XDG_CONFIG_HOME", xdg}});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(xdg + "/sbctl/x.json"));
}

TEST_F(Sbctl, ExitCodesTellFailuresApart) {
  Server server(accounts_only());
  EXPECT_EQ(sbctl({"frobnicate"}).code, 2);
  EXPECT_EQ(sbctl({"send", "u_1"}).code, 2);
  EXPECT_EQ(sbctl({"--help"}).code, 0);
  EXPECT_NE(sbctl({"--help"}).out.find("exit codes"), std::string::npos);
  // Not logged in: no profile.
  auto none = sbctl({"--profile", "nobody", "send", "u_1", "hi"});
  EXPECT_EQ(none.code, 4);
  EXPECT_NE(none.err.find("not logged in"), std::string::npos);
  // Unreachable: nothing listens on port 1.
  auto down = sbctl(
      {"--server", "http://127.0.0.1:1", "register", Server::phone(1), "--code", Server::code(1)});
  EXPECT_EQ(down.code, 3) << down.err;
  // Refused: a wrong code.
  auto wrong = sbctl({"--server", server.url(), "register", Server::phone(1), "--code", "000000"});
  EXPECT_EQ(wrong.code, 5) << wrong.err;
  // A saved login whose server has gone: unreachable.
  ASSERT_EQ(register_as(server, "alice", 1).code, 0);
  auto gone = sbctl({"--profile", "alice", "--server", "http://127.0.0.1:1", "devices", "list"});
  EXPECT_EQ(gone.code, 3) << gone.err;
}

TEST_F(Sbctl, AnExpiredAccessTokenIsRefreshedAndARefusedRefreshMeansLoggedOut) {
  Server server(accounts_only());
  ASSERT_EQ(register_as(server, "alice", 1).code, 0);
  auto path = fs::path(home.path()) / ".config/sbctl/alice.json";
  auto read_profile = [&] {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str()).as_object();
  };
  auto write_profile = [&](const json::object& o) { std::ofstream(path) << json::serialize(o); };
  auto before = read_profile();
  before["access_expires_at"] = 0;
  write_profile(before);
  // The refresh happens before connecting (this server has no transports: exit 3 after it).
  sbctl({"--profile", "alice", "devices", "list"});
  auto after = read_profile();
  EXPECT_NE(after.at("refresh_token"), before.at("refresh_token"));
  EXPECT_GT(after.at("access_expires_at").as_int64(), 0);

  after["access_expires_at"] = 0;
  after["refresh_token"] = "used-or-forged";
  write_profile(after);
  auto r = sbctl({"--profile", "alice", "devices", "list"});
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_NE(r.err.find("sbctl register"), std::string::npos) << r.err;
}

class SbctlChat : public Sbctl, public ::testing::WithParamInterface<std::string> {};

TEST_P(SbctlChat, TwoProfilesChat) {
  ServerOptions o;
  o.core = CoreKind::real;
  Server server(o);
  ASSERT_EQ(register_as(server, "alice", 1).code, 0);
  ASSERT_EQ(register_as(server, "bob", 2).code, 0);
  std::string bob = user_of("bob"), alice = user_of("alice");
  // bob listens on one transport, alice sends on the other.
  std::string listen_transport = GetParam(), send_transport = GetParam() == "ws" ? "lp" : "ws";
  Process listener({SB_SBCTL, "--profile", "bob", "--transport", listen_transport, "listen",
                    "--count", "1", "--timeout", "30"},
                   env());
  ASSERT_TRUE(eventually([&] { return listener.out(0).find("listening") != std::string::npos; }))
      << listener.wait(1s).err;
  auto sent =
      sbctl({"--profile", "alice", "--transport", send_transport, "send", bob, "hello", "bob"});
  ASSERT_EQ(sent.code, 0) << sent.err;
  auto heard = listener.wait(30s);
  EXPECT_EQ(heard.code, 0) << heard.err;
  EXPECT_NE(heard.out.find(alice + ": hello bob"), std::string::npos) << heard.out;

  // bob answers; alice hears it as JSON.
  Process back(
      {SB_SBCTL, "--profile", "alice", "listen", "--json", "--count", "1", "--timeout", "30"},
      env());
  ASSERT_EQ(sbctl({"--profile", "bob", "send", alice, "hi alice"}).code, 0);
  auto reply = back.wait(30s);
  EXPECT_EQ(reply.code, 0) << reply.err;
  EXPECT_NE(reply.out.find("\"hi alice\""), std::string::npos) << reply.out;

  // Refused by the server: a message to nobody.
  EXPECT_EQ(sbctl({"--profile", "alice", "send", "u_nobody", "hi"}).code, 5);
}

TEST_F(Sbctl, ListenEndsWithNotLoggedInWhenItsDeviceIsRevoked) {
  ServerOptions o;
  o.core = CoreKind::real;
  Server server(o);
  ASSERT_EQ(register_as(server, "phone", 1).code, 0);
  ASSERT_EQ(register_as(server, "laptop", 1).code, 0);  // the same user's second device
  auto who = json::parse(sbctl({"--profile", "laptop", "whoami", "--json"}).out).as_object();
  std::string laptop_device(who.at("device_id").as_string());
  Process listener({SB_SBCTL, "--profile", "laptop", "listen", "--timeout", "60"}, env());
  ASSERT_TRUE(eventually([&] { return listener.out(0).find("listening") != std::string::npos; }));
  auto revoked = sbctl({"--profile", "phone", "devices", "revoke", laptop_device});
  ASSERT_EQ(revoked.code, 0) << revoked.err;
  auto r = listener.wait(30s);
  EXPECT_EQ(r.code, 4) << r.out << r.err;
  EXPECT_NE(r.out.find("session.revoked"), std::string::npos) << r.out;
}

TEST_F(Sbctl, StatusProfileAndChatsCommands) {
  ServerOptions o;
  o.core = CoreKind::real;
  Server server(o);
  ASSERT_EQ(register_as(server, "alice", 1).code, 0);
  ASSERT_EQ(register_as(server, "bob", 2).code, 0);
  std::string bob = user_of("bob"), alice = user_of("alice");
  auto added =
      sbctl({"--profile", "alice", "raw", "contacts.add", R"({"users":[")" + bob + R"("]})"});
  ASSERT_EQ(added.code, 0) << added.err;

  auto posted = sbctl({"--profile", "alice", "status", "post", "out", "hiking"});
  ASSERT_EQ(posted.code, 0) << posted.err;
  auto feed = sbctl({"--profile", "bob", "status", "feed"});
  ASSERT_EQ(feed.code, 0) << feed.err;
  EXPECT_NE(feed.out.find(alice + " (s_"), std::string::npos) << feed.out;
  EXPECT_NE(feed.out.find("out hiking"), std::string::npos) << feed.out;
  auto only = sbctl(
      {"--profile", "alice", "status", "post", "secret", "--privacy", "only", "--users", alice});
  ASSERT_EQ(only.code, 0) << only.err;
  EXPECT_EQ(sbctl({"--profile", "bob", "status", "feed"}).out.find("secret"), std::string::npos);
  auto id = std::string(json::parse(sbctl({"--profile", "bob", "status", "feed", "--json"}).out)
                            .at("statuses")
                            .at(0)
                            .at("status")
                            .as_string());
  ASSERT_EQ(sbctl({"--profile", "bob", "status", "view", id}).code, 0);
  EXPECT_NE(sbctl({"--profile", "alice", "status", "mine"}).out.find("[1 views]"),
            std::string::npos);

  ASSERT_EQ(
      sbctl({"--profile", "alice", "profile", "set", "--name", "Alice", "--about", "hi"}).code, 0);
  auto profile = sbctl({"--profile", "bob", "profile", "get", alice});
  ASSERT_EQ(profile.code, 0) << profile.err;
  EXPECT_NE(profile.out.find("display_name: Alice"), std::string::npos) << profile.out;
  EXPECT_NE(profile.out.find("about: hi"), std::string::npos) << profile.out;
  EXPECT_EQ(sbctl({"--profile", "bob", "profile", "set"}).code, 2);
  EXPECT_EQ(sbctl({"--profile", "bob", "profile", "get", "u_nobody"}).code, 5);

  ASSERT_EQ(sbctl({"--profile", "bob", "send", alice, "hello"}).code, 0);
  // The chat list follows the message a moment after it is stored.
  EXPECT_TRUE(eventually([&] {
    return sbctl({"--profile", "alice", "chats"}).out.find(") unread 1, last from " + bob) !=
           std::string::npos;
  })) << sbctl({"--profile", "alice", "chats"}).out;
}

INSTANTIATE_TEST_SUITE_P(Transports, SbctlChat, ::testing::Values("ws", "lp"));

}  // namespace
}  // namespace sb::e2e
