// SPDX-License-Identifier: Apache-2.0
// TLS 1.2+ only; the certificate file may hold the whole chain.
#include "kernel/host/http/tls.hpp"

#include <stdexcept>

namespace sb::kernel {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_server_tls_context(const std::string& cert_file,
                                                      const std::string& key_file) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec) throw std::runtime_error("cannot use TLS certificate " + cert_file + ": " + ec.message());
  ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot use TLS key " + key_file + ": " + ec.message());
  return ctx;
}

}  // namespace sb::kernel
