// SPDX-License-Identifier: Apache-2.0
// POST /v1/admin/ban on the real daemon: refused (403) without the admin token, with a wrong
// one, and with the right one from an address that is not loopback (this machine's own
// non-loopback address, when it has one: the server then sees that address, not 127.0.0.1);
// the right token from loopback passes the check. The predicate over every spelling of an
// address is tests/unit/admin_loopback_test.cpp.
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <arpa/inet.h>

#include <fstream>
#include <iterator>
#include <optional>

#include <Poco/DigestEngine.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>

#include "daemon.hpp"

namespace sb::test {
namespace {

// A non-loopback IPv4 address of an interface that is up, if this machine has one.
std::optional<std::string> own_address() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return std::nullopt;
  std::optional<std::string> found;
  for (auto* i = list; i && !found; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    if (!(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK)) continue;
    char text[INET_ADDRSTRLEN] = {};
    auto* in = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
    if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) found = text;
  }
  freeifaddrs(list);
  return found;
}

struct Answer {
  int status = 0;
  std::string body;
};

Answer call(const std::string& host, int port, const std::string& method, const std::string& path,
            const std::string& body, const std::string& bearer) {
  Poco::Net::HTTPClientSession session(host, static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!bearer.empty()) req.set("Authorization", "Bearer " + bearer);
  req.setContentType("application/json");
  req.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(req) << body;
  Poco::Net::HTTPResponse res;
  Answer a;
  Poco::StreamCopier::copyToString(session.receiveResponse(res), a.body);
  a.status = static_cast<int>(res.getStatus());
  return a;
}

class AdminBan : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string config = "[plugins]\ndirs = [\"" SB_TEST_PLUGIN_DIR
                         "/../plugins\"]\n"
                         "[plugin.store]\nuse = \"store-sqlite\"\n";
    // Every address, so that the machine's own non-loopback address reaches it too.
    daemon.spawn(
        {"run", "--config", dir.write("sb.toml", config)},
        {{"SB_SERVER__LISTEN", "0.0.0.0:0"}, {"SB_SERVER__DATA_DIR", dir.path() + "/data"}});
    port = daemon.wait_listening();
    ASSERT_GT(port, 0) << daemon.err();
  }

  // What `switchboard ban` sends: derived from the server's signing key (core.cpp).
  std::string admin_token() const {
    std::ifstream in(dir.path() + "/data/jwt.key", std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(key.size(), 32u);
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update("switchboard admin token:" + key);
    return Poco::DigestEngine::digestToHex(sha.digest());
  }

  Answer ban(const std::string& host, const std::string& bearer) {
    return call(host, port, "POST", "/v1/admin/ban", R"({"user":"u_nobody"})", bearer);
  }

  TempDir dir;
  Daemon daemon;
  int port = 0;
};

TEST_F(AdminBan, WithoutTheTokenOrWithAWrongOneItIsRefused) {
  auto none = ban("127.0.0.1", "");
  EXPECT_EQ(none.status, 403) << none.body;
  EXPECT_NE(none.body.find("forbidden"), std::string::npos) << none.body;
  auto token = admin_token();
  auto wrong = token;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(ban("127.0.0.1", wrong).status, 403);
  EXPECT_EQ(ban("127.0.0.1", token.substr(0, 63)).status, 403);
  EXPECT_EQ(ban("127.0.0.1", token + "0").status, 403);
  // The right token from loopback passes: the user is simply not there.
  auto right = ban("127.0.0.1", token);
  EXPECT_EQ(right.status, 404) << right.body;
}

TEST_F(AdminBan, TheRightTokenFromAnAddressThatIsNotLoopbackIsRefused) {
  auto own = own_address();
  if (!own) GTEST_SKIP() << "this machine has no non-loopback IPv4 address to call from";
  // A connection to the machine's own address comes from that address, not 127.0.0.1.
  auto answer = ban(*own, admin_token());
  EXPECT_EQ(answer.status, 403) << *own << ": " << answer.body;
  // The same predicate guards /metrics.
  EXPECT_EQ(call(*own, port, "GET", "/metrics", "", "").status, 403);
  EXPECT_EQ(call("127.0.0.1", port, "GET", "/metrics", "", "").status, 200);
}

}  // namespace
}  // namespace sb::test
