// SPDX-License-Identifier: Apache-2.0
// See static_files.hpp. A request path is split into segments, never joined to the folder as
// given, and the resolved file must still lie under the resolved folder.
#include "static_files.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ui_webapp {
namespace {

namespace fs = std::filesystem;

std::string_view content_type(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool within(const fs::path& base, const fs::path& p) {
  auto b = base.native();
  auto s = p.native();
  return s == b || (s.size() > b.size() && s.compare(0, b.size(), b) == 0 && s[b.size()] == '/');
}

// A Host header goes into a header we send, so only host[:port] characters pass.
bool plain_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']'))
      return false;
  return true;
}

sb::HttpResponse file_response(const fs::path& p, bool immutable, std::string_view host) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  sb::HttpResponse r{200, std::string(content_type(p)), {}, s.str()};
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Content-Security-Policy", content_security_policy(host));
  // Hashed assets never change; the page and the service worker must be checked each time,
  // or a browser would keep running an old build.
  r.headers.emplace_back("Cache-Control",
                         immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace

std::string content_security_policy(std::string_view host) {
  // 'self' covers same-origin WebSockets in CSP 3; the explicit ws(s) origin is for browsers
  // that predate it. Images and files are decrypted into blob: URLs (which the page may
  // read back, e.g. to hand a file on).
  std::string connect = "'self' blob:";
  if (plain_host(host)) {
    connect += " ws://";
    connect += host;
    connect += " wss://";
    connect += host;
  }
  return "default-src 'self'; script-src 'self'; connect-src " + connect +
         "; img-src 'self' blob: data:; media-src 'self' blob:; worker-src 'self'; "
         "style-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
         "form-action 'self'; frame-ancestors 'none'";
}

sb::HttpResponse serve_app_file(const std::string& dir, std::string_view path,
                                std::string_view host) {
  std::error_code ec;
  auto base = fs::canonical(dir, ec);
  if (ec || !fs::is_regular_file(base / "index.html"))
    return sb::HttpResponse::with_text(503,
                                       "the web app is not built: run ./scripts/build (it needs "
                                       "npm), or set [plugin.<id>] dir\n");
  std::string_view rest = path;
  if (rest.starts_with("/app")) rest.remove_prefix(4);
  // Anything that could climb (.., a hidden segment, a backslash, NUL) is refused outright;
  // symlinks are caught by comparing canonical paths below.
  fs::path rel;
  bool has_extension = false;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    auto seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (seg.empty()) continue;
    if (seg.front() == '.' || seg.find('\\') != std::string_view::npos ||
        seg.find('\0') != std::string_view::npos)
      return sb::HttpResponse::error(404, "not_found", "no such file");
    rel /= std::string(seg);
    has_extension = seg.find('.') != std::string_view::npos;
  }
  if (!rel.empty()) {
    auto p = fs::weakly_canonical(base / rel, ec);
    if (!ec && within(base, p) && fs::is_regular_file(p))
      return file_response(p, rel.begin()->string() == "assets", host);
    // A missing file is a 404; any other path is one of the app's own routes.
    if (has_extension) return sb::HttpResponse::error(404, "not_found", "no such file");
  }
  return file_response(base / "index.html", false, host);
}

}  // namespace ui_webapp
