// SPDX-License-Identifier: Apache-2.0
// See static_ui.hpp. A request path is never joined to ui_dir as given: it is split into
// segments, anything that could climb (.., a hidden segment, a backslash, NUL) is refused,
// and the resolved file must still lie under the resolved ui_dir (symlinks included).
#include "static_ui.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sb::admin {
namespace {

namespace fs = std::filesystem;

std::string_view content_type(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".webmanifest") return "application/manifest+json";
  return "application/octet-stream";
}

HttpResponse file_response(const fs::path& p, bool immutable) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  HttpResponse r{200, std::string(content_type(p)), {}, s.str()};
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; style-src 'self' "
                         "'unsafe-inline'; frame-ancestors 'none'");
  r.headers.emplace_back("Cache-Control",
                         immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

bool within(const fs::path& base, const fs::path& p) {
  auto b = base.native();
  auto s = p.native();
  return s == b || (s.size() > b.size() && s.compare(0, b.size(), b) == 0 && s[b.size()] == '/');
}

}  // namespace

HttpResponse serve_ui_file(const std::string& ui_dir, std::string_view path) {
  std::error_code ec;
  auto base = fs::canonical(ui_dir, ec);
  if (ec || !fs::is_regular_file(base / "index.html"))
    return HttpResponse::with_text(503,
                                   "the admin UI is not built: run ./scripts/build (it needs npm), "
                                   "or set [plugin.admin] ui_dir\n");
  std::string_view rest = path;
  if (rest.starts_with("/admin")) rest.remove_prefix(6);
  fs::path rel;
  bool has_extension = false;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    auto seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (seg.empty()) continue;
    if (seg.front() == '.' || seg.find('\\') != std::string_view::npos ||
        seg.find('\0') != std::string_view::npos)
      return HttpResponse::error(404, "not_found", "no such file");
    rel /= std::string(seg);
    has_extension = seg.find('.') != std::string_view::npos;
  }
  if (!rel.empty()) {
    auto p = fs::weakly_canonical(base / rel, ec);
    if (!ec && within(base, p) && fs::is_regular_file(p))
      return file_response(p, rel.begin()->string() == "assets");
    // A missing asset is a 404; anything else is a client-side route of the UI.
    if (has_extension) return HttpResponse::error(404, "not_found", "no such file");
  }
  return file_response(base / "index.html", false);
}

std::vector<Subscription> register_static_routes(HttpRouter& router, std::string ui_dir,
                                                 std::function<bool()> public_only) {
  std::vector<Subscription> out;
  auto ui = [ui_dir, public_only](const HttpRequest& req, std::shared_ptr<HttpResponder> res) {
    if (public_only()) {
      res->respond(HttpResponse::error(403, "forbidden",
                                       "the admin UI is off on this listener ([server] "
                                       "public_only = true)"));
      return;
    }
    if (req.path == "/admin") {
      // Relative asset URLs resolve against /admin/, not /.
      HttpResponse r{308, "text/plain; charset=utf-8", {{"Location", "/admin/"}}, ""};
      res->respond(std::move(r));
      return;
    }
    res->respond(serve_ui_file(ui_dir, req.path));
  };
  out.push_back(router.route("GET", "/admin", ui));
  out.push_back(router.route("GET", "/admin/*", ui));
  out.push_back(
      router.route("GET", "/v1/admin/openapi.json",
                   [public_only](const HttpRequest&, std::shared_ptr<HttpResponder> res) {
                     if (public_only()) {
                       res->respond(HttpResponse::error(
                           403, "forbidden",
                           "the admin API is off on this listener ([server] public_only = true)"));
                       return;
                     }
                     res->respond(HttpResponse::with_json(200, std::string(openapi_document())));
                   }));
  return out;
}

}  // namespace sb::admin
