// SPDX-License-Identifier: Apache-2.0
// The kernel's RFC 6455 pieces without sockets: the frame parser (fragments, masks, control
// frames, limits, UTF-8, close frames), the frame writer and the handshake's accept value.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernel/host/http/utf8_validator.hpp"
#include "kernel/host/http/ws_frame_parser.hpp"
#include "kernel/host/http/ws_frame_writer.hpp"
#include "kernel/host/http/ws_handshake.hpp"

namespace sb::kernel {
namespace {

// A client frame: masked with a fixed key unless `masked` is false.
std::string frame(bool fin, int opcode, std::string_view payload, bool masked = true, int rsv = 0) {
  std::string out;
  out += static_cast<char>((fin ? 0x80 : 0) | (rsv << 4) | opcode);
  unsigned char mask_bit = masked ? 0x80 : 0;
  std::uint64_t n = payload.size();
  if (n < 126) {
    out += static_cast<char>(mask_bit | n);
  } else if (n <= 0xFFFF) {
    out += static_cast<char>(mask_bit | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int s = 56; s >= 0; s -= 8) out += static_cast<char>((n >> s) & 0xFF);
  }
  const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
  if (masked) out.append(reinterpret_cast<const char*>(key), 4);
  for (std::size_t i = 0; i < n; ++i)
    out += masked ? static_cast<char>(payload[i] ^ key[i & 3]) : payload[i];
  return out;
}

std::string close_payload(int code, std::string_view reason = {}) {
  std::string p;
  p += static_cast<char>(code >> 8);
  p += static_cast<char>(code & 0xFF);
  p.append(reason);
  return p;
}

struct Recorder : WsFrameSink {
  std::vector<std::string> events;
  void on_message(bool text, std::string_view p) override {
    events.push_back(std::string(text ? "text:" : "binary:") + std::string(p));
  }
  void on_ping(std::string_view p) override { events.push_back("ping:" + std::string(p)); }
  void on_pong() override { events.push_back("pong"); }
  void on_close(std::uint16_t code, std::string_view reason) override {
    events.push_back("close:" + std::to_string(code) + ":" + std::string(reason));
  }
};

struct Parsed {
  std::uint16_t error = 0;
  std::vector<std::string> events;
};

// Feeds `bytes` in pieces of `step` bytes (0: all at once).
Parsed parse(const std::string& bytes, std::size_t max = 1024, std::size_t step = 0) {
  WsFrameParser parser(max);
  Recorder r;
  Parsed out;
  std::size_t n = step ? step : bytes.size();
  for (std::size_t at = 0; at < bytes.size() && !out.error; at += n)
    out.error = parser.feed(std::string_view(bytes).substr(at, n), r);
  out.events = r.events;
  return out;
}

using Events = std::vector<std::string>;

TEST(WsFrameParser, AMaskedTextFrameSplitAnywhereIsOneMessage) {
  auto bytes = frame(true, 1, "hello") + frame(true, 1, std::string(300, 'x'));
  for (std::size_t step : {0, 1, 2, 3, 7}) {
    auto p = parse(bytes, 1024, step);
    EXPECT_EQ(p.error, 0) << step;
    EXPECT_EQ(p.events, (Events{"text:hello", "text:" + std::string(300, 'x')})) << step;
  }
}

TEST(WsFrameParser, FragmentsWithControlFramesBetweenThem) {
  auto bytes = frame(false, 1, "He") + frame(true, 9, "p1") + frame(false, 0, "ll") +
               frame(true, 10, "") + frame(true, 0, "o") + frame(true, 2, "bin");
  for (std::size_t step : {0, 1}) {
    auto p = parse(bytes, 1024, step);
    EXPECT_EQ(p.error, 0);
    EXPECT_EQ(p.events, (Events{"ping:p1", "pong", "text:Hello", "binary:bin"}));
  }
}

TEST(WsFrameParser, EmptyMessagesAndLengthEncodings) {
  auto big = std::string(70000, 'a');
  auto p = parse(frame(true, 1, "") + frame(true, 1, std::string(126, 'b')) + frame(true, 1, big),
                 100000);
  EXPECT_EQ(p.error, 0);
  ASSERT_EQ(p.events.size(), 3u);
  EXPECT_EQ(p.events[0], "text:");
  EXPECT_EQ(p.events[2].size(), 5 + big.size());
}

TEST(WsFrameParser, ProtocolViolationsAre1002) {
  EXPECT_EQ(parse(frame(true, 1, "x", false)).error, 1002);             // unmasked
  EXPECT_EQ(parse(frame(true, 1, "x", true, 4)).error, 1002);           // RSV1 without an extension
  EXPECT_EQ(parse(frame(true, 3, "x")).error, 1002);                    // reserved data opcode
  EXPECT_EQ(parse(frame(true, 11, "x")).error, 1002);                   // reserved control opcode
  EXPECT_EQ(parse(frame(false, 9, "x")).error, 1002);                   // fragmented control
  EXPECT_EQ(parse(frame(true, 9, std::string(126, 'p'))).error, 1002);  // control > 125
  EXPECT_EQ(parse(frame(true, 0, "x")).error, 1002);                    // nothing to continue
  EXPECT_EQ(parse(frame(false, 1, "a") + frame(true, 1, "b")).error, 1002);  // not finished
  // 16-bit length for 5 bytes: not the minimal encoding.
  std::string nonminimal = "\x81\xFE";
  nonminimal += std::string("\x00\x05", 2) + std::string(4, '\0') + "hello";
  EXPECT_EQ(parse(nonminimal).error, 1002);
  std::string huge = "\x81\xFF";
  huge += std::string("\x80\0\0\0\0\0\0\0", 8) + std::string(4, '\0');
  EXPECT_EQ(parse(huge).error, 1002);  // the 64-bit length's top bit
}

TEST(WsFrameParser, TooBigFramesAndMessagesAre1009BeforeTheirPayload) {
  EXPECT_EQ(parse(frame(true, 1, std::string(1025, 'x')), 1024).error, 1009);
  EXPECT_EQ(parse(frame(true, 1, std::string(1024, 'x')), 1024).error, 0);
  // Only the header of a 16 MiB frame: refused at once.
  std::string head = "\x81\xFF";
  head += std::string("\0\0\0\0\x01\0\0\0", 8) + std::string(4, '\0');
  EXPECT_EQ(parse(head, 1024).error, 1009);
  // Fragments that add up past the limit.
  EXPECT_EQ(
      parse(frame(false, 1, std::string(600, 'x')) + frame(true, 0, std::string(600, 'y')), 1024)
          .error,
      1009);
}

TEST(WsFrameParser, TextMustBeUtf8EvenAcrossFragments) {
  EXPECT_EQ(parse(frame(true, 1, "caf\xC3\xA9")).error, 0);
  // "é" split between two fragments is fine; a message ending mid-character is not.
  EXPECT_EQ(parse(frame(false, 1, "caf\xC3") + frame(true, 0, "\xA9")).error, 0);
  EXPECT_EQ(parse(frame(true, 1, "caf\xC3")).error, 1007);
  EXPECT_EQ(parse(frame(true, 1, "\xFF")).error, 1007);
  EXPECT_EQ(parse(frame(true, 1, "\xC0\xAF")).error, 1007);          // overlong
  EXPECT_EQ(parse(frame(true, 1, "\xED\xA0\x80")).error, 1007);      // surrogate
  EXPECT_EQ(parse(frame(true, 1, "\xF4\x90\x80\x80")).error, 1007);  // past U+10FFFF
  // Fails at the bad byte, before the message is complete.
  EXPECT_EQ(parse(frame(false, 1, "ok\xFF")).error, 1007);
  // Binary frames are not checked.
  EXPECT_EQ(parse(frame(true, 2, "\xFF")).error, 0);
}

TEST(WsFrameParser, CloseFrames) {
  auto p = parse(frame(true, 8, close_payload(1000, "bye")) + frame(true, 1, "ignored"));
  EXPECT_EQ(p.error, 0);
  EXPECT_EQ(p.events, (Events{"close:1000:bye"}));
  EXPECT_EQ(parse(frame(true, 8, "")).events, (Events{"close:1005:"}));
  EXPECT_EQ(parse(frame(true, 8, close_payload(4001))).events, (Events{"close:4001:"}));
  EXPECT_EQ(parse(frame(true, 8, "\x03")).error, 1002);  // one byte: no room for a code
  for (int bad : {999, 1004, 1005, 1006, 1015, 2999, 5000})
    EXPECT_EQ(parse(frame(true, 8, close_payload(bad))).error, 1002) << bad;
  EXPECT_EQ(parse(frame(true, 8, close_payload(1000, "\xFF"))).error, 1007);
}

TEST(WsFrameParser, NothingIsParsedAfterAnError) {
  WsFrameParser parser(1024);
  Recorder r;
  EXPECT_EQ(parser.feed(frame(true, 1, "x", false), r), 1002);
  EXPECT_TRUE(parser.stopped());
  EXPECT_EQ(parser.feed(frame(true, 1, "x"), r), 0);
  EXPECT_TRUE(r.events.empty());
}

TEST(WsFrameWriter, HeadersUseTheMinimalLength) {
  std::string h;
  ws_frame::append_header(h, ws_frame::kText, 5);
  EXPECT_EQ(h, std::string("\x81\x05"));
  h.clear();
  ws_frame::append_header(h, ws_frame::kText, 300);
  EXPECT_EQ(h, std::string("\x81\x7E\x01\x2C"));
  h.clear();
  ws_frame::append_header(h, ws_frame::kText, 70000);
  EXPECT_EQ(h, std::string("\x81\x7F\0\0\0\0\0\x01\x11\x70", 10));
  h.clear();
  ws_frame::append_close(h, 1008, "send queue full");
  EXPECT_EQ(h, std::string("\x88\x11\x03\xF0send queue full"));
  h.clear();
  ws_frame::append_close(h, 0, "ignored");
  EXPECT_EQ(h, std::string("\x88\x00", 2));
}

TEST(WsHandshake, AcceptValueIsTheRfcExample) {
  EXPECT_EQ(ws_accept_value("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WsHandshake, RefusesWhatIsNotAVersion13Upgrade) {
  BeastRequest req{http::verb::get, "/v1/ws", 11};
  req.set(http::field::connection, "keep-alive, Upgrade");
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::sec_websocket_version, "13");
  req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_FALSE(check_ws_upgrade(req));
  auto v8 = req;
  v8.set(http::field::sec_websocket_version, "8");
  ASSERT_TRUE(check_ws_upgrade(v8));
  EXPECT_EQ(check_ws_upgrade(v8)->status, 426);
  auto bad_key = req;
  bad_key.set(http::field::sec_websocket_key, "short");
  ASSERT_TRUE(check_ws_upgrade(bad_key));
  EXPECT_EQ(check_ws_upgrade(bad_key)->status, 400);
  auto post = req;
  post.method(http::verb::post);
  EXPECT_EQ(check_ws_upgrade(post)->status, 400);
}

TEST(Utf8Validator, AcceptsAllPlanesAndRejectsTheRest) {
  auto ok = [](std::string_view s) {
    Utf8Validator v;
    return v.feed(reinterpret_cast<const unsigned char*>(s.data()), s.size()) && v.complete();
  };
  EXPECT_TRUE(ok("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(ok("\xC2\x80 \xE0\xA0\x80 \xEF\xBF\xBF \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"));
  EXPECT_FALSE(ok("\xC1\xBF"));
  EXPECT_FALSE(ok("\xE0\x9F\xBF"));
  EXPECT_FALSE(ok("\xF0\x8F\xBF\xBF"));
  EXPECT_FALSE(ok("\xF5\x80\x80\x80"));
  EXPECT_FALSE(ok("\x80"));
  EXPECT_FALSE(ok("\xE2\x82"));
}

}  // namespace
}  // namespace sb::kernel
