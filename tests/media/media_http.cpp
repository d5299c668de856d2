// SPDX-License-Identifier: Apache-2.0
// See media_http.hpp. Raw sockets with a receive timeout, so every wait is bounded; the
// answer is read to Content-Length (or to the close).
#include "media_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace sb::media_test {

namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 15];
  }
  return s;
}

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{20, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
  return fd;
}

void send_all(int fd, std::string_view s) {
  while (!s.empty()) {
    auto n = ::send(fd, s.data(), s.size(), MSG_NOSIGNAL);
    if (n <= 0) return;  // the server closed: its answer may still be readable
    s.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string head_of(const std::string& method, const std::string& target, const Headers& headers,
                    std::size_t length, bool with_length) {
  std::string h = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (auto& [k, v] : headers) h += k + ": " + v + "\r\n";
  if (with_length) h += "Content-Length: " + std::to_string(length) + "\r\n";
  return h + "\r\n";
}

}  // namespace

std::string Reply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

boost::json::object Reply::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return !ec && v.is_object() ? v.as_object() : boost::json::object{};
}

std::string Reply::error_code() const {
  auto o = json();
  auto* e = o.if_contains("error");
  if (!e || !e->is_object()) return {};
  auto* c = e->as_object().if_contains("code");
  return c && c->is_string() ? std::string(c->as_string()) : std::string();
}

Reply request(int port, const std::string& method, const std::string& target,
              const Headers& headers, const std::string& body) {
  int fd = connect_to(port);
  bool has_length = std::any_of(headers.begin(), headers.end(), [](auto& h) {
    std::string k = h.first;
    std::transform(k.begin(), k.end(), k.begin(), ::tolower);
    return k == "content-length" || k == "transfer-encoding";
  });
  send_all(fd, head_of(method, target, headers, body.size(),
                       !has_length && (method != "GET" && method != "HEAD")));
  send_all(fd, body);
  std::string in;
  char buf[65536];
  Reply r;
  std::size_t body_at = std::string::npos, want = std::string::npos;
  for (;;) {
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
    if (body_at == std::string::npos) {
      auto end = in.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      body_at = end + 4;
      std::size_t line_end = in.find("\r\n");
      r.status = std::stoi(in.substr(9, 3));
      for (std::size_t p = line_end + 2; p < end;) {
        auto e = in.find("\r\n", p);
        auto line = in.substr(p, e - p);
        auto colon = line.find(':');
        std::string k = line.substr(0, colon);
        std::transform(k.begin(), k.end(), k.begin(), ::tolower);
        auto v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.erase(0, 1);
        r.headers[k] = v;
        p = e + 2;
      }
      if (method == "HEAD" || r.status == 304 || r.status == 204)
        want = 0;
      else if (r.headers.count("content-length"))
        want = std::stoull(r.headers["content-length"]);
    }
    if (want != std::string::npos && in.size() - body_at >= want) break;
  }
  ::close(fd);
  if (body_at != std::string::npos)
    r.body = in.substr(body_at, want == std::string::npos ? std::string::npos : want);
  return r;
}

void send_cut(int port, const std::string& method, const std::string& target,
              const Headers& headers, std::size_t declared, const std::string& body) {
  int fd = connect_to(port);
  send_all(fd, head_of(method, target, headers, declared, true));
  send_all(fd, body);
  ::close(fd);
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(bytes.data(), bytes.size(), d, &len, EVP_sha256(), nullptr);
  return hex(d, len);
}

std::string random_bytes(std::size_t n) {
  std::string s(n, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(s.data()), static_cast<int>(n));
  return s;
}

std::string hmac_sha256_hex(const std::string& key, const std::string& text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  return hex(mac, len);
}

}  // namespace sb::media_test
