// SPDX-License-Identifier: Apache-2.0
// See ws_handshake.hpp. No extension or subprotocol is negotiated: frames with RSV bits set
// are then protocol errors, which the frame parser enforces.
#include "kernel/host/http/ws_handshake.hpp"

#include <openssl/sha.h>

namespace sb::kernel {
namespace {

// True when the comma-separated header value lists `token` (case-insensitive).
bool has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    auto comma = value.find(',');
    auto item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (detail::iequals(item, token)) return true;
  }
  return false;
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// §4.1: the key is 16 random bytes in base64: 22 characters and "==".
bool valid_key(std::string_view key) {
  if (key.size() != 24 || key.substr(22) != "==") return false;
  for (char c : key.substr(0, 22))
    if (!is_base64_char(c)) return false;
  return true;
}

std::string base64(const unsigned char* data, std::size_t n) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < n; i += 3) {
    std::uint32_t v = std::uint32_t(data[i]) << 16;
    if (i + 1 < n) v |= std::uint32_t(data[i + 1]) << 8;
    if (i + 2 < n) v |= data[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < n ? kAlphabet[v & 63] : '=';
  }
  return out;
}

HttpResponse bad_upgrade(std::string_view why) {
  return HttpResponse::error(400, "bad_request", why);
}

}  // namespace

std::optional<HttpResponse> check_ws_upgrade(const BeastRequest& req) {
  if (req.method() != http::verb::get) return bad_upgrade("a WebSocket upgrade must be a GET");
  if (req.version() < 11) return bad_upgrade("a WebSocket upgrade needs HTTP/1.1");
  if (!has_token(req[http::field::connection], "upgrade"))
    return bad_upgrade("the Connection header must list upgrade");
  if (!has_token(req[http::field::upgrade], "websocket"))
    return bad_upgrade("the Upgrade header must be websocket");
  if (req[http::field::sec_websocket_version] != "13") {
    auto res = HttpResponse::error(426, "bad_request", "Sec-WebSocket-Version must be 13");
    res.headers.emplace_back("Sec-WebSocket-Version", "13");
    return res;
  }
  if (!valid_key(req[http::field::sec_websocket_key]))
    return bad_upgrade("Sec-WebSocket-Key must be 16 bytes in base64");
  return std::nullopt;
}

std::string ws_accept_value(std::string_view key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input(key);
  input.append(kGuid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return base64(digest, sizeof digest);
}

std::string ws_accept_response(const BeastRequest& req) {
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         ws_accept_value(req[http::field::sec_websocket_key]) + "\r\n\r\n";
}

}  // namespace sb::kernel
