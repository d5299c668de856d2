// SPDX-License-Identifier: Apache-2.0
// See tls.hpp. Hostname checks are OpenSSL's own (X509_VERIFY_PARAM), so a mismatch fails
// the handshake itself and no byte of the request is sent to the wrong server.
#include "tls.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <switchboard/client/error.hpp>

namespace sb::client::detail {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_tls_context(const Endpoint& server) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  if (server.ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
    if (ec)
      throw Error(ErrorKind::protocol, "bad_ca",
                  "cannot load the system's CA certificates: " + ec.message());
  } else {
    ctx->load_verify_file(server.ca_file, ec);
    if (ec)
      throw Error(ErrorKind::protocol, "bad_ca",
                  "cannot use CA file " + server.ca_file + ": " + ec.message() +
                      " (expected PEM certificates)");
  }
  ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  return ctx;
}

void expect_server_name(SSL* ssl, const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  if (!ec) {
    // An address: no SNI (RFC 6066 allows only names), and the certificate needs an IP SAN.
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
    return;
  }
  SSL_set_tlsext_host_name(ssl, host.c_str());
  SSL_set1_host(ssl, host.c_str());
}

std::string describe_tls_failure(SSL* ssl, const boost::system::error_code& ec,
                                 const Endpoint& server) {
  long verified = SSL_get_verify_result(ssl);
  if (verified != X509_V_OK)
    return std::string("TLS: the server's certificate was refused: ") +
           X509_verify_cert_error_string(verified) + " (trusting " +
           (server.ca_file.empty() ? std::string("the system's CA store") : server.ca_file) + ")";
  std::string why = "TLS handshake failed: " + ec.message();
  if (ec.category() == boost::asio::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_WRONG_VERSION_NUMBER)
    why += " (does the server speak TLS on this port?)";
  return why;
}

}  // namespace sb::client::detail
