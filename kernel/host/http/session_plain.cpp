// SPDX-License-Identifier: Apache-2.0
// Plain-TCP HTTP and WebSocket sessions.
#include "kernel/host/http/http_session.hpp"
#include "kernel/host/http/sessions.hpp"

namespace sb::kernel {

void start_plain_session(IoSlot& slot, tcp::socket socket, AddressLimit::Hold hold) {
  beast::error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec) return;  // the client left before we looked
  std::make_shared<HttpSession<tcp::socket>>(slot, std::move(socket), remote, std::move(hold))
      ->start();
}

}  // namespace sb::kernel
