// SPDX-License-Identifier: Apache-2.0
// A protocol-v1 device session over any frame carrier: sends, counts replies, and acks
// event cursors coalesced (every `ack_every` events or when flushed by a timer).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "clock.hpp"
#include "frames.hpp"

namespace loadgen {

class SbSession {
 public:
  using Out = std::function<void(std::string frame)>;
  using OnMessage = std::function<void(std::string_view frame)>;
  SbSession(Out out, OnMessage on_message, int ack_every = 50)
      : out_(std::move(out)), on_message_(std::move(on_message)), ack_every_(ack_every) {}

  void on_frame(std::string_view f) {
    switch (frame_kind(f)) {
      case FrameKind::message:
        if (on_message_) on_message_(f);
        [[fallthrough]];
      case FrameKind::other_event: {
        auto c = int_field(f, "\"cursor\"");
        if (c > acked_) {
          pending_cursor_ = std::max(pending_cursor_, c);
          if (++pending_ >= ack_every_) flush();
        }
        break;
      }
      case FrameKind::reply_ok: ++replies_ok_; break;
      case FrameKind::reply_error:
        if (++replies_error_ == 1) first_error_ = std::string(f.substr(0, 300));
        break;
      case FrameKind::unknown: break;
    }
  }
  void flush() {
    if (pending_cursor_ > acked_) {
      out_(ack_frame(pending_cursor_));
      acked_ = pending_cursor_;
    }
    pending_ = 0;
  }
  void send(std::string_view kind, std::string_view to, std::string_view payload) {
    out_(send_frame(nonce_, ++next_id_, kind, to, payload));
  }
  void raw(std::string frame) { out_(std::move(frame)); }

  std::uint64_t replies_ok() const { return replies_ok_; }
  std::uint64_t replies_error() const { return replies_error_; }
  const std::string& first_error() const { return first_error_; }

 private:
  Out out_;
  OnMessage on_message_;
  int ack_every_;
  int pending_ = 0;
  std::int64_t pending_cursor_ = 0, acked_ = 0;
  std::uint64_t next_id_ = 0, replies_ok_ = 0, replies_error_ = 0;
  std::string first_error_;
  std::string nonce_ = std::to_string(now_ns());
};

}  // namespace loadgen
