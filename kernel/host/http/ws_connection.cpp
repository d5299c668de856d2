// SPDX-License-Identifier: Apache-2.0
// Send-queue accounting and cross-thread posting for WebSocket handles.
#include "kernel/host/http/ws_connection.hpp"

namespace sb::kernel {

bool WsConnectionHandle::send_text(std::string text) {
  if (closed_.load()) return false;
  std::size_t n = text.size();
  if (queued_.fetch_add(n, std::memory_order_relaxed) + n > max_queue_) {
    queued_.fetch_sub(n, std::memory_order_relaxed);
    close(1008, "send queue full");
    return false;
  }
  bool posted = poster_->post([self = shared_from_this(), text = std::move(text)]() mutable {
    if (auto s = self->session_.lock())
      s->enqueue(std::move(text));
    else
      self->written(text.size());
  });
  return posted;
}

void WsConnectionHandle::close(std::uint16_t code, std::string reason) {
  if (closed_.exchange(true)) return;
  poster_->post([self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    if (auto s = self->session_.lock()) s->request_close(code, std::move(reason));
  });
}

std::uint16_t sendable_close_code(std::uint16_t code) {
  if ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1013) ||
      (code >= 3000 && code <= 4999))
    return code;
  return 1011;
}

std::string clip_close_reason(std::string reason) {
  constexpr std::size_t kMax = 123;
  if (reason.size() <= kMax) return reason;
  std::size_t n = kMax;
  while (n > 0 && (static_cast<unsigned char>(reason[n]) & 0xC0) == 0x80) --n;
  reason.resize(n);
  return reason;
}

}  // namespace sb::kernel
