// SPDX-License-Identifier: Apache-2.0
// See admin_client.hpp. With TLS the listener speaks nothing else, so plain HTTP would be
// cut off. The server's certificate usually names a public host, not 127.0.0.1, and may
// come from a CA this machine does not trust: instead of a chain and a name, the command
// pins the certificate it read from tls_cert, and hands the admin token only to a server
// that presents that very certificate.
#include "kernel/commands/admin_client.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>

namespace sb::kernel {

namespace {

struct Target {
  std::string host;
  Poco::UInt16 port = 0;
};

// The listener's port on loopback: a wildcard listen address is reached at 127.0.0.1 (or
// ::1), so the server sees a loopback caller.
Target target_of(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("server.listen has no port: " + listen);
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  int port = std::stoi(listen.substr(colon + 1));
  if (port <= 0 || port > 65535)
    throw std::runtime_error("server.listen names no fixed port (" + listen +
                             "): give the running server's port, e.g. SB_SERVER__LISTEN");
  return {host, static_cast<Poco::UInt16>(port)};
}

// The first certificate of the PEM file: the server's own (the chain follows it).
Poco::Crypto::X509Certificate configured_certificate(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read server.tls_cert " + path);
  try {
    return Poco::Crypto::X509Certificate(in);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("server.tls_cert " + path + ": " + e.displayText());
  }
}

// One request on a connected socket (plain or TLS), answered and closed by the server.
AdminAnswer exchange(Poco::Net::StreamSocket& socket, const Target& at, const std::string& path,
                     const std::string& body, const std::string& token) {
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  socket.setSendTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path,
                             Poco::Net::HTTPMessage::HTTP_1_1);
  req.setHost(at.host, at.port);
  req.setContentType("application/json");
  req.setContentLength(static_cast<std::streamsize>(body.size()));
  req.setKeepAlive(false);
  req.set("Authorization", "Bearer " + token);
  Poco::Net::SocketStream stream(socket);
  req.write(stream);
  stream << body;
  stream.flush();
  Poco::Net::HTTPResponse res;
  res.read(stream);
  std::string answer;
  if (res.hasContentLength()) {
    answer.resize(static_cast<std::size_t>(res.getContentLength64()));
    stream.read(answer.data(), static_cast<std::streamsize>(answer.size()));
    answer.resize(static_cast<std::size_t>(stream.gcount()));
  } else {
    answer.assign(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
  }
  return {static_cast<int>(res.getStatus()), answer};
}

AdminAnswer over_tls(const ServerSettings& server, const Target& at, const std::string& path,
                     const std::string& body, const std::string& token) {
  auto expected = configured_certificate(server.tls_cert);
  // No chain or name check (the pin below is stricter than both), TLS 1.2 at least, as the
  // server.
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_NONE;
  params.loadDefaultCAs = false;
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context->enableExtendedCertificateVerification(false);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress(at.host, at.port), context);
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  socket.completeHandshake();
  if (!socket.havePeerCertificate() || !socket.peerCertificate().equals(expected))
    throw std::runtime_error("the server at " + at.host + ":" + std::to_string(at.port) +
                             " did not present the certificate of server.tls_cert (" +
                             server.tls_cert + "); the admin token was not sent");
  return exchange(socket, at, path, body, token);
}

}  // namespace

AdminAnswer post_to_running_server(const ServerSettings& server, const std::string& path,
                                   const std::string& body, const std::string& token) {
  auto at = target_of(server.listen);
  try {
    if (!server.tls_cert.empty() && !server.tls_key.empty())
      return over_tls(server, at, path, body, token);
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(at.host, at.port));
    return exchange(socket, at, path, body, token);
  } catch (const Poco::Exception& e) {
    throw ServerUnreachable("cannot reach the server at " + at.host + ":" +
                            std::to_string(at.port) + " (" + e.displayText() + ")");
  }
}

}  // namespace sb::kernel
