// SPDX-License-Identifier: Apache-2.0
// TLS for the client's connections: one context per client (the trust store is read once),
// the server name each connection must prove, and handshake failures put into words.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/error_code.hpp>
#include <switchboard/client/url.hpp>

namespace sb::client::detail {

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// A `T` (TlsStream, or a websocket::stream over it) made with the context; a plain one
// (tcp_stream, websocket::stream over it) without.
template <class T, bool kTls>
T open_stream(boost::asio::io_context& io, boost::asio::ssl::context* tls) {
  if constexpr (kTls)
    return T(io, *tls);
  else
    return T(io);
}

// TLS 1.2+ with peer verification against `server.ca_file`, or the system's store when it
// is empty. Throws Error(protocol, "bad_ca") naming a CA file that cannot be used.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const Endpoint& server);

// Before the handshake: SNI for a host name, and the name (or IP address) the certificate
// must carry, checked by OpenSSL during the handshake.
void expect_server_name(SSL* ssl, const std::string& host);

// Why a handshake failed: the certificate's verification result when that is what failed
// ("unable to get local issuer certificate", "hostname mismatch", ...), else the TLS error.
std::string describe_tls_failure(SSL* ssl, const boost::system::error_code& ec,
                                 const Endpoint& server);

}  // namespace sb::client::detail
