// SPDX-License-Identifier: Apache-2.0
// See admin_plugin.hpp.
#include "admin_plugin.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include <switchboard/services/admin_accounts.hpp>
#include <switchboard/services/admin_audit.hpp>
#include <switchboard/services/kernel_admin.hpp>

#include "admin_accounts.hpp"
#include "api.hpp"
#include "static_ui.hpp"

namespace sb::admin {
namespace {

// Empty ui_dir: the build tree's admin-ui/dist, else the installed share/switchboard/admin-ui
// (both found from the running binary).
std::string default_ui_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "admin-ui/dist";
  auto root = exe.parent_path().parent_path();
  // build/admin-ui/dist is where ./scripts/build puts it (admin-ui/CMakeLists.txt).
  for (auto candidate :
       {root / "admin-ui" / "dist", root / "admin-ui", root.parent_path() / "admin-ui" / "dist",
        root / "share" / "switchboard" / "admin-ui"})
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.string();
  return (root / "admin-ui" / "dist").string();
}

}  // namespace

AdminPlugin::AdminPlugin() = default;
AdminPlugin::~AdminPlugin() {
  stop();
}

void AdminPlugin::start(const Config& config, Context& ctx) {
  auto dir = ctx.data_dir() + "/" + std::string(ctx.instance_id());
  api_ = std::make_shared<Api>(config, dir, ctx.services(), ctx.log());
  ctx.services().provide<AdminAccounts>(
      std::make_shared<FileAdminAccounts>(api_->accounts(), api_->audit(), api_->sessions()));
  // The kernel's loopback ban (`switchboard ban`) is audited here too.
  ctx.services().provide<AdminAudit>(std::shared_ptr<AdminAudit>(api_, &api_->audit()));
  routes_ = api_->register_routes(ctx.http());
  auto& services = ctx.services();
  auto public_only = [&services] {
    auto k = services.get<KernelAdmin>();
    return k && k->listener().public_only;
  };
  auto ui_dir = config.ui_dir.empty() ? default_ui_dir() : config.ui_dir;
  for (auto& r : register_static_routes(ctx.http(), ui_dir, public_only))
    routes_.push_back(std::move(r));

  ctx_ = &ctx;
  running_ = config;
  start_sampler();
  if (api_->accounts().read().admins.empty())
    ctx.log().warn(
        "no admin account yet: create the first with `switchboard admin add <name> --role owner`",
        {{"file", api_->accounts().path()}});
  ctx.log().info("admin API at /v1/admin, UI at /admin", {{"ui_dir", ui_dir}});
}

void AdminPlugin::start_sampler() {
  auto& services = ctx_->services();
  auto sample = [api = api_.get(), &services] {
    if (auto k = services.get<KernelAdmin>()) api->dashboard().sample(k->metrics(), now_ms());
  };
  sample();
  sampler_ = ctx_->scheduler().every(running_.sample_interval, sample);
}

bool AdminPlugin::reload(const json::object& section) {
  auto fresh = Config::load(ConfigView(section));
  if (fresh.ui_dir != running_.ui_dir || fresh.history != running_.history ||
      fresh.audit_memory != running_.audit_memory)
    return false;
  api_->apply(fresh);
  bool resample = fresh.sample_interval != running_.sample_interval;
  running_ = fresh;
  if (resample) {
    sampler_.reset();
    start_sampler();
  }
  ctx_->log().info("config applied live");
  return true;
}

void AdminPlugin::stop() {
  sampler_.reset();
  routes_.clear();
  if (api_) api_->stop();
}

}  // namespace sb::admin
