// SPDX-License-Identifier: Apache-2.0
// TLS (HTTPS and WSS) sessions over OpenSSL.
#include "kernel/host/http/http_session.hpp"
#include "kernel/host/http/sessions.hpp"

namespace sb::kernel {

void start_tls_session(IoSlot& slot, tcp::socket socket, AddressLimit::Hold hold) {
  beast::error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec) return;
  TlsStream stream(std::move(socket), *slot.core.tls);
  std::make_shared<HttpSession<TlsStream>>(slot, std::move(stream), remote, std::move(hold))
      ->start();
}

}  // namespace sb::kernel
