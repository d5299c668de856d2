// SPDX-License-Identifier: Apache-2.0
// See webapp_plugin.hpp.
#include "webapp_plugin.hpp"

#include <unistd.h>

#include <filesystem>

#include "static_files.hpp"

namespace ui_webapp {
namespace {

// Empty dir: the build tree's webapp/dist, else the installed share/switchboard/webapp (both
// found from the running binary), as the admin plugin finds the admin UI.
std::string default_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "webapp/dist";
  auto root = exe.parent_path().parent_path();
  for (auto candidate : {root / "webapp" / "dist", root / "share" / "switchboard" / "webapp",
                         root.parent_path() / "webapp" / "dist"})
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.string();
  return (root / "webapp" / "dist").string();
}

}  // namespace

void WebappPlugin::start(const Config& config, sb::Context& ctx) {
  auto dir = config.dir.empty() ? default_dir() : config.dir;
  auto serve = [dir](const sb::HttpRequest& req, std::shared_ptr<sb::HttpResponder> res) {
    if (req.path == "/app") {
      // Relative asset URLs and the service worker's scope resolve against /app/, not /.
      res->respond(sb::HttpResponse{308, "text/plain; charset=utf-8", {{"Location", "/app/"}}, ""});
      return;
    }
    res->respond(serve_app_file(dir, req.path, req.header("Host").value_or("")));
  };
  routes_.push_back(ctx.http().route("GET", "/app", serve));
  routes_.push_back(ctx.http().route("GET", "/app/*", serve));
  ctx.log().info("web app at /app", {{"dir", dir}});
}

}  // namespace ui_webapp
