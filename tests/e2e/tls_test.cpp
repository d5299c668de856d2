// SPDX-License-Identifier: Apache-2.0
// TLS end to end: the daemon serves HTTPS and WSS with a certificate from a throwaway CA made
// here by the openssl CLI; sbctl (and the client library) trust that CA with --ca (ca_file),
// log in and chat over both transports; a wrong CA, the system store and a wrong name are
// refused before anything is sent, each with an error that says why.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>

#include <boost/json.hpp>
#include <switchboard/client/client.hpp>
#include <switchboard/client/error.hpp>
#include <switchboard/client/http_api.hpp>

#include "e2e_server.hpp"
#include "process.hpp"

namespace sb::e2e {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace client = sb::client;

// A CA and a server certificate it signed for `san` (e.g. "IP:127.0.0.1"), in `dir`.
void make_ca_and_server_cert(const test::TempDir& dir, const std::string& ca,
                             const std::string& san) {
  const std::string d = dir.path() + "/";
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
  dir.write(ca + ".ext", "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n");
  std::string cmd =
      "set -e; cd " + d + "; openssl req -x509 " + ec + "-days 1 -subj /CN=" + ca +
      " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign"
      " -keyout " +
      ca + ".key -out " + ca + ".pem; openssl req " + ec + "-subj /CN=server" + " -keyout " + ca +
      "-server.key -out " + ca + "-server.csr; openssl x509 -req -in " + ca + "-server.csr -CA " +
      ca + ".pem -CAkey " + ca + ".key -days 1 -extfile " + ca + ".ext -out " + ca + "-server.pem";
  if (std::system(("(" + cmd + ") >/dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("openssl failed: " + cmd);
}

class Tls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs = new test::TempDir;
    make_ca_and_server_cert(*certs, "ca", "IP:127.0.0.1");
    make_ca_and_server_cert(*certs, "other-ca", "IP:127.0.0.1");
    ServerOptions o;
    o.core = CoreKind::real;
    o.test_numbers = 5;  // 5: banned and unbanned by SwitchboardBan...
    o.extra = "[server]\ntls_cert = \"" + certs->path() + "/ca-server.pem\"\ntls_key = \"" +
              certs->path() + "/ca-server.key\"\n";
    server = new Server(o);
  }
  static void TearDownTestSuite() {
    delete server;
    delete certs;
  }

  static std::string ca() { return certs->path() + "/ca.pem"; }
  static std::string other_ca() { return certs->path() + "/other-ca.pem"; }
  static std::string https() { return "https://127.0.0.1:" + std::to_string(server->port()); }

  ProcessResult sbctl(std::vector<std::string> args) {
    args.insert(args.begin(), SB_SBCTL);
    return run(args, {{"HOME", home.path()}}, {}, 30s);
  }
  ProcessResult register_as(const std::string& server_url, const std::string& ca_file,
                            const std::string& profile, int n) {
    std::vector<std::string> args{"--server", server_url,       "--profile", profile,
                                  "register", Server::phone(n), "--code",    Server::code(n)};
    if (!ca_file.empty()) args.insert(args.begin(), {"--ca", ca_file});
    return sbctl(args);
  }

  static inline test::TempDir* certs = nullptr;
  static inline Server* server = nullptr;
  test::TempDir home;
};

TEST_F(Tls, SbctlChatsOverHttpsAndWssTrustingItsCa) {
  ASSERT_EQ(register_as(https(), ca(), "alice", 1).code, 0);
  ASSERT_EQ(register_as(https(), ca(), "bob", 2).code, 0);
  auto who = [&](const std::string& p) {
    return json::parse(sbctl({"--profile", p, "whoami", "--json"}).out).as_object();
  };
  // The CA is kept in the profile: later commands need no --ca.
  EXPECT_EQ(who("alice").at("ca").as_string(), ca());
  std::string bob(who("bob").at("user_id").as_string());
  std::string alice(who("alice").at("user_id").as_string());

  // bob listens over WSS, alice sends over HTTPS long-poll, then the other way round.
  Process listener({SB_SBCTL, "--profile", "bob", "--transport", "ws", "listen", "--count", "1",
                    "--timeout", "30"},
                   {{"HOME", home.path()}});
  ASSERT_TRUE(eventually([&] { return listener.out(0).find("listening") != std::string::npos; }))
      << listener.wait(1s).err;
  auto sent = sbctl({"--profile", "alice", "--transport", "lp", "send", bob, "over", "tls"});
  ASSERT_EQ(sent.code, 0) << sent.err;
  auto heard = listener.wait(30s);
  EXPECT_EQ(heard.code, 0) << heard.err;
  EXPECT_NE(heard.out.find(alice + ": over tls"), std::string::npos) << heard.out;

  Process back({SB_SBCTL, "--profile", "alice", "--transport", "lp", "listen", "--count", "1",
                "--timeout", "30"},
               {{"HOME", home.path()}});
  ASSERT_TRUE(eventually([&] { return back.out(0).find("listening") != std::string::npos; }));
  ASSERT_EQ(sbctl({"--profile", "bob", "--transport", "ws", "send", alice, "back"}).code, 0);
  auto reply = back.wait(30s);
  EXPECT_EQ(reply.code, 0) << reply.err;
  EXPECT_NE(reply.out.find(bob + ": back"), std::string::npos) << reply.out;
}

TEST_F(Tls, AnotherCaOrTheSystemStoreIsRefusedWithTheReason) {
  auto wrong = register_as(https(), other_ca(), "mallory", 3);
  EXPECT_EQ(wrong.code, 3) << wrong.err;  // unreachable: no trusted server there
  EXPECT_NE(wrong.err.find("certificate was refused"), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("unable to get local issuer certificate"), std::string::npos)
      << wrong.err;
  EXPECT_NE(wrong.err.find(other_ca()), std::string::npos) << wrong.err;

  auto system = register_as(https(), "", "mallory", 3);
  EXPECT_EQ(system.code, 3) << system.err;
  EXPECT_NE(system.err.find("the system's CA store"), std::string::npos) << system.err;

  auto missing = register_as(https(), certs->path() + "/nothing.pem", "mallory", 3);
  EXPECT_EQ(missing.code, 2) << missing.err;
  EXPECT_NE(missing.err.find("nothing.pem"), std::string::npos) << missing.err;
  // Nothing was saved by the refused logins.
  EXPECT_NE(sbctl({"--profile", "mallory", "whoami"}).code, 0);
}

TEST_F(Tls, TheCertificateMustNameTheHost) {
  // The certificate is for IP 127.0.0.1; "localhost" reaches the same socket by another name.
  auto r = register_as("https://localhost:" + std::to_string(server->port()), ca(), "x", 3);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("hostname mismatch"), std::string::npos) << r.err;
}

TEST_F(Tls, PlainHttpToTheTlsPortIsUnreachable) {
  auto r = register_as("http://127.0.0.1:" + std::to_string(server->port()), "", "x", 3);
  EXPECT_EQ(r.code, 3) << r.err;
}

// The library itself: ca_file in ClientOptions and Endpoint; a refused certificate is the
// disconnect reason, and nothing is sent.
TEST_F(Tls, TheClientLibraryTrustsItsCaFile) {
  client::Endpoint at = client::parse_server_url(https());
  at.ca_file = ca();
  auto tokens = client::AuthApi(at).verify(Server::phone(4), Server::code(4), "lib");

  client::ClientOptions o;
  o.server = "wss://127.0.0.1:" + std::to_string(server->port());
  o.ca_file = ca();
  o.token = [&](bool) { return tokens.access_token; };
  client::Client c(o);
  c.start();
  ASSERT_TRUE(c.wait_connected(10s)) << c.last_error();
  auto reply = c.request("devices.list").get();
  EXPECT_TRUE(reply.ok) << reply.error_code << " " << reply.error_message;
  c.stop();

  o.ca_file = other_ca();
  o.reconnect = false;
  client::Client refused(o);
  refused.start();
  EXPECT_TRUE(eventually([&] { return !refused.last_error().empty(); }));
  EXPECT_FALSE(refused.wait_connected(100ms));
  EXPECT_NE(refused.last_error().find("certificate was refused"), std::string::npos)
      << refused.last_error();

  at.ca_file = other_ca();
  try {
    client::AuthApi(at).refresh(tokens.refresh_token);
    FAIL() << "expected the certificate to be refused";
  } catch (const client::Error& e) {
    EXPECT_EQ(e.kind(), client::ErrorKind::unreachable);
    EXPECT_NE(std::string(e.what()).find("unable to get local issuer"), std::string::npos)
        << e.what();
  }

  o.ca_file = certs->path() + "/ca.ext";  // not PEM certificates
  try {
    client::Client bad(o);
    FAIL() << "expected bad_ca";
  } catch (const client::Error& e) {
    EXPECT_EQ(e.code(), "bad_ca");
    EXPECT_NE(std::string(e.what()).find("ca.ext"), std::string::npos) << e.what();
  }
}

// `switchboard ban` on the server's machine speaks HTTPS to a TLS-only listener, trusting the
// certificate the config names (the server's own), and refuses to hand the admin token to a
// listener that presents another.
TEST_F(Tls, SwitchboardBanAndUnbanTalkHttpsToTheTlsListener) {
  client::Endpoint at = client::parse_server_url(https());
  at.ca_file = ca();
  auto phone = Server::phone(5);
  auto tokens = client::AuthApi(at).verify(phone, Server::code(5), "ban");
  auto config = server->dir().path() + "/sb.toml";
  std::map<std::string, std::string> env{
      {"SB_SERVER__LISTEN", "127.0.0.1:" + std::to_string(server->port())},
      {"SB_SERVER__DATA_DIR", server->dir().path() + "/data"}};

  auto ban = test::run_switchboard({"ban", phone, "--config", config}, env);
  ASSERT_EQ(ban.code, 0) << ban.err;
  EXPECT_NE(ban.out.find("banned " + phone), std::string::npos) << ban.out;
  try {
    client::AuthApi(at).verify(phone, Server::code(5), "ban");
    FAIL() << "a banned user logged in";
  } catch (const client::Error& e) {
    EXPECT_EQ(e.kind(), client::ErrorKind::refused) << e.what();
    EXPECT_EQ(e.code(), "forbidden") << e.what();
  }
  auto unban = test::run_switchboard({"unban", tokens.user_id, "--config", config}, env);
  ASSERT_EQ(unban.code, 0) << unban.err;
  EXPECT_NO_THROW(client::AuthApi(at).verify(phone, Server::code(5), "ban"));

  // A config naming another certificate than the one the listener presents: nothing sent.
  auto other = env;
  other["SB_SERVER__TLS_CERT"] = certs->path() + "/other-ca-server.pem";
  other["SB_SERVER__TLS_KEY"] = certs->path() + "/other-ca-server.key";
  auto refused = test::run_switchboard({"ban", phone, "--config", config}, other);
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("did not present the certificate"), std::string::npos) << refused.err;
  EXPECT_NO_THROW(client::AuthApi(at).verify(phone, Server::code(5), "ban"));
}

}  // namespace
}  // namespace sb::e2e
