// SPDX-License-Identifier: Apache-2.0
// sb.http.request: an allow-listed host answers (the callback runs later on the bot), any
// other host is refused at once, and a slow server ends in a timeout, not a stuck bot.
#include <gmock/gmock.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <thread>

#include "bots_fixture.hpp"

namespace sb::bots::test {
namespace {

using ::testing::HasSubstr;

// /hello answers "hi <method> <body>"; /slow answers after two seconds.
class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& res) override {
    std::string body(std::istreambuf_iterator<char>(req.stream()), {});
    if (req.getURI() == "/slow") std::this_thread::sleep_for(std::chrono::seconds(2));
    res.setContentType("text/plain");
    res.send() << "hi " << req.getMethod() << " " << body;
  }
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler;
  }
};

constexpr const char* kFetch = R"lua(
sb.on("message", function(msg)
  local url, method, body = msg.text:match("^(%S+)%s*(%S*)%s*(.*)$")
  local ok, err = pcall(sb.http.request,
    { url = url, method = method ~= "" and method or nil, body = body, timeout = 0.5 },
    function(res)
      if res.error then
        sb.reply(msg, "error: " .. res.error)
      else
        sb.reply(msg, res.status .. " " .. res.body)
      end
    end)
  if not ok then sb.reply(msg, "refused: " .. tostring(err)) end
end)
)lua";

class BotsHttpTest : public BotsTest {
 protected:
  void SetUp() override {
    http.start();
    BotsTest::SetUp();
  }
  void add_scripts() override { write_script("fetch", kFetch); }
  void TearDown() override {
    BotsTest::TearDown();
    http.stopAll(true);
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(http.port()) + path;
  }

  Poco::Net::HTTPServer http{new Factory,
                             Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                             new Poco::Net::HTTPServerParams};
};

TEST_F(BotsHttpTest, AllowedHostAnswersLater) {
  auto& alice = login(1);
  tell(alice, "fetch", url("/hello"));
  EXPECT_EQ(reply_text(alice, "fetch"), "200 hi GET ");
  tell(alice, "fetch", url("/hello") + " POST ping");
  EXPECT_EQ(reply_text(alice, "fetch"), "200 hi POST ping");
}

TEST_F(BotsHttpTest, OtherHostsAreRefused) {
  auto& alice = login(1);
  tell(alice, "fetch", "http://example.com/");
  EXPECT_THAT(reply_text(alice, "fetch"),
              HasSubstr("refused: sb.http.request: host \"example.com\" is not in"));
  tell(alice, "fetch", "file:///etc/passwd");
  EXPECT_THAT(reply_text(alice, "fetch"),
              HasSubstr("refused: sb.http.request: only http and https"));
}

TEST_F(BotsHttpTest, SlowServerTimesOutAndTheBotGoesOn) {
  auto& alice = login(1);
  tell(alice, "fetch", url("/slow"));
  tell(alice, "echo", "meanwhile");
  EXPECT_EQ(reply_text(alice, "echo"), "meanwhile");
  EXPECT_THAT(reply_text(alice, "fetch", 5s), HasSubstr("error: timeout"));
}

}  // namespace
}  // namespace sb::bots::test
