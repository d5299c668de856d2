// SPDX-License-Identifier: Apache-2.0
// See ws_frame_parser.hpp. Sections refer to RFC 6455.
#include "kernel/host/http/ws_frame_parser.hpp"

#include <algorithm>

namespace sb::kernel {
namespace {

constexpr std::uint8_t kContinuation = 0x0, kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9,
                       kPong = 0xA;
// A finished message's buffer is kept up to this; larger ones are released (idle memory).
constexpr std::size_t kKeptBytes = 512;

// §7.4: codes a peer may send in a close frame.
bool receivable_close_code(std::uint16_t c) {
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
}

std::size_t header_size(const unsigned char* h) {
  std::size_t n = 2 + ((h[1] & 0x80) ? 4 : 0);
  auto len7 = h[1] & 0x7F;
  if (len7 == 126) n += 2;
  if (len7 == 127) n += 8;
  return n;
}

}  // namespace

std::string_view WsFrameParser::reason_for(std::uint16_t code) {
  switch (code) {
    case 1007: return "invalid payload";
    case 1009: return "message too big";
    default: return "protocol error";
  }
}

std::uint16_t WsFrameParser::feed(std::string_view bytes, WsFrameSink& sink) {
  auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  while (n > 0 && step_ != Step::stopped) {
    if (step_ == Step::header) {
      std::size_t want = head_have_ < 2 ? 2 : header_size(head_);
      std::size_t take = std::min(n, want - head_have_);
      std::copy_n(p, take, head_ + head_have_);
      head_have_ = static_cast<std::uint8_t>(head_have_ + take);
      p += take;
      n -= take;
      if (head_have_ < 2 || head_have_ < header_size(head_)) continue;
      if (auto code = on_header()) return code;
      if (remaining_ == 0)
        if (auto code = on_frame_end(sink)) return code;
      continue;
    }
    std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n, remaining_));
    if (auto code = on_payload(p, take)) return code;
    p += take;
    n -= take;
    remaining_ -= take;
    if (remaining_ == 0)
      if (auto code = on_frame_end(sink)) return code;
  }
  return 0;
}

std::uint16_t WsFrameParser::on_header() {
  const unsigned char* h = head_;
  fin_ = (h[0] & 0x80) != 0;
  opcode_ = h[0] & 0x0F;
  if (h[0] & 0x70) return fail(1002);     // §5.2: no extension was negotiated
  if (!(h[1] & 0x80)) return fail(1002);  // §5.1: client frames are masked
  std::uint64_t len = h[1] & 0x7F;
  std::size_t at = 2;
  if (len == 126) {
    len = (std::uint64_t(h[2]) << 8) | h[3];
    if (len < 126) return fail(1002);  // §5.2: the minimal length encoding
    at = 4;
  } else if (len == 127) {
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | h[2 + i];
    if (len >> 63) return fail(1002);
    if (len <= 0xFFFF) return fail(1002);
    at = 10;
  }
  std::copy_n(h + at, 4, mask_);
  mask_at_ = 0;
  remaining_ = len;
  head_have_ = 0;
  step_ = Step::payload;
  switch (opcode_) {
    case kClose:
    case kPing:
    case kPong:
      if (!fin_ || len > 125) return fail(1002);  // §5.5
      control_.clear();
      return 0;
    case kContinuation:
      if (message_op_ == 0) return fail(1002);  // §5.4: nothing to continue
      break;
    case kText:
    case kBinary:
      if (message_op_ != 0) return fail(1002);  // §5.4: the previous message is not finished
      message_op_ = opcode_;
      utf8_.reset();
      break;
    default: return fail(1002);  // reserved opcodes
  }
  if (len > max_ || message_.size() + len > max_) return fail(1009);
  return 0;
}

std::uint16_t WsFrameParser::on_payload(const unsigned char* p, std::size_t n) {
  bool control = opcode_ >= kClose;
  std::string& into = control ? control_ : message_;
  std::size_t from = into.size();
  into.resize(from + n);
  auto* out = reinterpret_cast<unsigned char*>(into.data()) + from;
  for (std::size_t i = 0; i < n; ++i) out[i] = p[i] ^ mask_[(mask_at_ + i) & 3];
  mask_at_ = static_cast<std::uint8_t>((mask_at_ + n) & 3);
  // §8.1: fail as soon as text stops being UTF-8, not at the end of the message.
  if (!control && message_op_ == kText && !utf8_.feed(out, n)) return fail(1007);
  return 0;
}

std::uint16_t WsFrameParser::on_frame_end(WsFrameSink& sink) {
  step_ = Step::header;
  switch (opcode_) {
    case kPing:
      sink.on_ping(control_);
      std::string().swap(control_);
      return 0;
    case kPong:
      std::string().swap(control_);
      sink.on_pong();
      return 0;
    case kClose: {
      step_ = Step::stopped;
      if (control_.size() == 1) return 1002;
      if (control_.empty()) {
        sink.on_close(1005, {});
        return 0;
      }
      auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(control_[0]) << 8) |
                                             static_cast<unsigned char>(control_[1]));
      if (!receivable_close_code(code)) return 1002;
      Utf8Validator reason_check;
      auto* r = reinterpret_cast<const unsigned char*>(control_.data()) + 2;
      if (!reason_check.feed(r, control_.size() - 2) || !reason_check.complete()) return 1007;
      sink.on_close(code, std::string_view(control_).substr(2));
      std::string().swap(control_);
      return 0;
    }
    default: break;
  }
  if (!fin_) return 0;
  if (message_op_ == kText && !utf8_.complete()) return fail(1007);
  bool text = message_op_ == kText;
  message_op_ = 0;
  sink.on_message(text, message_);
  release_message();
  return 0;
}

void WsFrameParser::release_message() {
  if (message_.capacity() > kKeptBytes)
    std::string().swap(message_);
  else
    message_.clear();
}

}  // namespace sb::kernel
