// SPDX-License-Identifier: Apache-2.0
// RFC 6455 frames as a server reads them: an incremental parser that unmasks, reassembles
// fragmented messages, checks text for UTF-8 and enforces the message size limit, and names
// the close code a violation must fail the connection with. No I/O: bytes in, calls out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kernel/host/http/utf8_validator.hpp"

namespace sb::kernel {

// What the parser found, called from feed(), one at a time.
class WsFrameSink {
 public:
  virtual void on_message(bool text, std::string_view payload) = 0;
  virtual void on_ping(std::string_view payload) = 0;
  virtual void on_pong() = 0;
  // The peer's close frame: `code` 1005 when it carried none. Nothing is parsed after it.
  virtual void on_close(std::uint16_t code, std::string_view reason) = 0;

 protected:
  ~WsFrameSink() = default;
};

class WsFrameParser {
 public:
  explicit WsFrameParser(std::size_t max_message_bytes) : max_(max_message_bytes) {}

  // Parses what it can of `bytes` (any split is fine). Returns 0, or the close code to fail
  // the connection with: 1002 protocol violation, 1007 invalid UTF-8, 1009 too big. After an
  // error or a close frame it ignores everything.
  std::uint16_t feed(std::string_view bytes, WsFrameSink& sink);
  bool stopped() const { return step_ == Step::stopped; }
  // A short name of the last error, for the close frame's reason.
  static std::string_view reason_for(std::uint16_t code);

 private:
  enum class Step : std::uint8_t { header, payload, stopped };
  std::uint16_t on_header();
  std::uint16_t on_payload(const unsigned char* p, std::size_t n);
  std::uint16_t on_frame_end(WsFrameSink& sink);
  std::uint16_t fail(std::uint16_t code) {
    step_ = Step::stopped;
    return code;
  }
  void release_message();

  std::size_t max_;
  std::string message_;  // the data message being assembled (empty between messages)
  std::string control_;  // the control frame being read (empty between them)
  std::uint64_t remaining_ = 0;
  unsigned char head_[14]{};
  unsigned char mask_[4]{};
  std::uint8_t head_have_ = 0;
  std::uint8_t mask_at_ = 0;
  std::uint8_t opcode_ = 0;      // of the frame being read
  std::uint8_t message_op_ = 0;  // 1 text, 2 binary, 0: no message open
  bool fin_ = false;
  Step step_ = Step::header;
  Utf8Validator utf8_;
};

}  // namespace sb::kernel
