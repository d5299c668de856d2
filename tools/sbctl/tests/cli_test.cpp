// SPDX-License-Identifier: Apache-2.0
// sbctl's command-line parsing and event formatting, without a server.
#include <gtest/gtest.h>

#include "cli.hpp"
#include "errors.hpp"
#include "output.hpp"

namespace sbctl {
namespace {

Invocation parse(std::vector<std::string> argv) {
  return parse_command_line(argv);
}

int usage_error(std::vector<std::string> argv) {
  try {
    parse(std::move(argv));
  } catch (const CliError& e) {
    return e.code();
  }
  return -1;
}

TEST(SbctlCli, GlobalOptionsAnywhereAndCommandWords) {
  auto inv = parse({"--profile", "bob", "send", "u_1", "hello", "world", "--server=http://h:1",
                    "--json", "--transport", "lp"});
  EXPECT_EQ(inv.profile, "bob");
  EXPECT_EQ(inv.server, "http://h:1");
  EXPECT_TRUE(inv.json);
  EXPECT_EQ(inv.transport, "lp");
  EXPECT_EQ(inv.words, (std::vector<std::string>{"send", "u_1", "hello", "world"}));
  EXPECT_EQ(parse({"--server", "https://h", "--ca", "ca.pem", "whoami"}).ca, "ca.pem");
  EXPECT_EQ(parse({"whoami", "--ca=/etc/ca.pem"}).ca, "/etc/ca.pem");
}

TEST(SbctlCli, CommandOptions) {
  auto inv = parse({"register", "+15551230001", "--code", "123456", "--device-name=laptop"});
  EXPECT_EQ(inv.option("code"), "123456");
  EXPECT_EQ(inv.option("device-name"), "laptop");
  EXPECT_FALSE(inv.option("count"));
  EXPECT_EQ(inv.arg(1, "PHONE"), "+15551230001");
  EXPECT_THROW(inv.arg(2, "X"), CliError);
  EXPECT_EQ(parse({"send", "--", "u_1", "--not-an-option"}).words.back(), "--not-an-option");
}

TEST(SbctlCli, PlainIsAFlag) {
  EXPECT_TRUE(parse({"send", "u_1", "hi", "--plain"}).flag("plain"));
  EXPECT_FALSE(parse({"send", "u_1", "hi"}).flag("plain"));
  EXPECT_EQ(usage_error({"--plain=yes"}), exit_code::usage);
}

TEST(SbctlCli, RefusesBadCommandLines) {
  EXPECT_EQ(usage_error({"--bogus"}), exit_code::usage);
  EXPECT_EQ(usage_error({"--code"}), exit_code::usage);
  EXPECT_EQ(usage_error({"--transport", "smoke"}), exit_code::usage);
  EXPECT_EQ(usage_error({"--profile", "../etc"}), exit_code::usage);
  EXPECT_EQ(usage_error({"--json=yes"}), exit_code::usage);
  EXPECT_TRUE(parse({"-h"}).help);
}

TEST(SbctlOutput, DescribesMessagesAndReceipts) {
  auto message = [](const char* fields) {
    return sb::client::Event{
        "message", 3,
        sb::client::json::parse(
            std::string(
                R"({"ev":"message","chat":"c_1","seq":4,"from":{"user":"u_a","device":"d"},)") +
            fields + "}")
            .as_object()};
  };
  // Decrypted bodies are the rule; a plain one is marked, one that could not be opened says so.
  EXPECT_EQ(describe_event(message(R"("enc":"e2ee","body":{"text":"hi"})")), "[c_1 #4] u_a: hi");
  EXPECT_EQ(describe_event(message(R"("enc":"none","body":{"text":"hi"})")),
            "[c_1 #4] u_a: hi  (not end-to-end encrypted)");
  EXPECT_EQ(describe_event(message(R"("enc":"e2ee","undecryptable":"decrypt: bad MAC")")),
            "[c_1 #4] u_a: (cannot decrypt: decrypt: bad MAC)");
  // A file: what it is, never its key.
  auto file = describe_event(
      message(R"("enc":"e2ee","body":{"text":"look","file":{"id":"m_1","key":"00ff","sha256":"ab",)"
              R"("size":12,"type":"image/png","name":"a.png"}})"));
  EXPECT_EQ(file, "[c_1 #4] u_a: look [file a.png, 12 bytes, image/png]");
  sb::client::Event r{"receipt", 4,
                      sb::client::json::parse(
                          R"({"ev":"receipt","type":"read","chat":"c_1",
                                            "upto_seq":4,"by":"u_b"})")
                          .as_object()};
  EXPECT_EQ(describe_event(r), "read [c_1] up to #4 by u_b");
  sb::client::Event d{"receipt", 5,
                      sb::client::json::parse(
                          R"({"ev":"receipt","type":"delivered","chat":"c_1","msg_id":"c_1/9",
                                            "upto_seq":9,"count":3,"by":"u_b"})")
                          .as_object()};
  EXPECT_EQ(describe_event(d), "delivered [c_1] c_1/9 and 2 before it by u_b");
  sb::client::Event g{"receipt", 6,
                      sb::client::json::parse(
                          R"({"ev":"receipt","type":"delivered","chat":"g:g_1","msg_id":"g:g_1/7",
                                            "upto_seq":7,"count":1,"by":"u_b",
                                            "by_users":["u_b","u_c","u_d"]})")
                          .as_object()};
  EXPECT_EQ(describe_event(g), "delivered [g:g_1] g:g_1/7 by u_b, u_c, u_d");
  EXPECT_EQ(body_text(sb::client::json::value("plain")), "plain");
  EXPECT_EQ(body_text(sb::client::json::parse("[1]")), "[1]");
}

}  // namespace
}  // namespace sbctl
