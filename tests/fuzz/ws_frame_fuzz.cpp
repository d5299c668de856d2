// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry point for the kernel's WebSocket frame parser: the input is split into a
// size limit and two feeds (so frames straddle reads), and whatever the parser reports must
// be consistent: an error is one of the three close codes, and nothing follows a stop.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kernel/host/http/ws_frame_parser.hpp"

namespace {

struct Sink : sb::kernel::WsFrameSink {
  std::size_t max = 0;
  bool closed = false;
  void on_message(bool, std::string_view p) override {
    if (closed || p.size() > max) std::abort();
  }
  void on_ping(std::string_view p) override {
    if (closed || p.size() > 125) std::abort();
  }
  void on_pong() override {
    if (closed) std::abort();
  }
  void on_close(std::uint16_t code, std::string_view reason) override {
    if (closed || reason.size() > 123 || code < 1000 || code >= 5000) std::abort();
    closed = true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  Sink sink;
  sink.max = 1 + data[0] * 64;  // 1 byte .. 16 KiB
  std::size_t split = data[1];
  std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
  split = split < rest.size() ? split : rest.size();
  sb::kernel::WsFrameParser parser(sink.max);
  for (auto part : {rest.substr(0, split), rest.substr(split)}) {
    auto code = parser.feed(part, sink);
    if (code != 0 && code != 1002 && code != 1007 && code != 1009) std::abort();
    if (code != 0 && !parser.stopped()) std::abort();
  }
  return 0;
}
