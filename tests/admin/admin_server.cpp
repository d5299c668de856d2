// SPDX-License-Identifier: Apache-2.0
// See admin_server.hpp.
#include "admin_server.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

namespace sb::test {

namespace json = boost::json;

std::vector<std::pair<std::string, std::string>> AdminSession::headers(bool with_csrf) const {
  std::vector<std::pair<std::string, std::string>> h{{"Cookie", cookie}};
  if (with_csrf) h.emplace_back("X-CSRF-Token", csrf);
  return h;
}

AdminServer::AdminServer(const std::string& extra, std::map<std::string, std::string> env) {
  std::filesystem::create_directories(dir_.path() + "/ui/assets");
  dir_.write("ui/index.html", "<!doctype html><title>admin</title><div id=app></div>");
  dir_.write("ui/assets/app.js", "console.log('admin')");
  dir_.write("ui/assets/app.css", "body{}");
  dir_.write("secret.txt", "not for clients");
  std::string config = "[server]\ndata_dir = \"" + data_dir() +
                       "\"\n"
                       "[plugins]\ndirs = [\"" SB_PLUGIN_DIR
                       "\"]\n"
                       "[auth]\ntest_numbers = { ";
  for (int n = 1; n <= 8; ++n)
    config += std::string(n > 1 ? ", " : "") + "\"+1555123000" + std::to_string(n) +
              "\" = \"11111" + std::to_string(n) + "\"";
  config +=
      " }\n[messaging]\ngroup_add_privacy = \"everyone\"\n"  // the tests group strangers
      "[plugin.store]\nuse = \"store-sqlite\"\n"
      "[plugin.ws]\nuse = \"transport-websocket\"\n"
      "[plugin.groups]\nuse = \"policy-groups\"\n"
      "[plugin.admin]\nui_dir = \"" +
      dir_.path() + "/ui\"\nsample_interval_s = 1\n" + extra;
  config_ = dir_.write("sb.toml", config);
  env_ = std::move(env);
  start();
}

void AdminServer::start() {
  auto env = env_;
  env["SB_SERVER__LISTEN"] = "127.0.0.1:" + std::to_string(port_);
  daemon_ = std::make_unique<Daemon>();
  daemon_->spawn({"run", "--config", config_}, env);
  port_ = daemon_->wait_listening();
  if (port_ <= 0) throw std::runtime_error("daemon did not start: " + daemon_->err());
}

void AdminServer::restart() {
  daemon_->signal(SIGTERM);
  ASSERT_EQ(daemon_->wait_exit(), 0) << daemon_->err();
  start();
}

bool AdminServer::hangup() {
  auto count = [this](const std::string& what) {
    auto text = daemon_->err();
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  auto applied = count("reloaded"), refused = count("reload refused");
  daemon_->signal(SIGHUP);
  eventually([&] { return count("reloaded") > applied || count("reload refused") > refused; });
  return count("reloaded") > applied;
}

RunResult AdminServer::cli(const std::vector<std::string>& args) {
  auto all = args;
  all.insert(all.end(), {"--config", config_});
  auto env = env_;
  env["SB_SERVER__LISTEN"] = "127.0.0.1:" + std::to_string(port_);
  return run_switchboard(all, env);
}

RunResult AdminServer::admin_cli(const std::string& args, const std::string& stdin_text) {
  auto in_path = dir_.write("cli-stdin.txt", stdin_text);
  auto out_path = dir_.path() + "/cli-out.txt";
  auto err_path = dir_.path() + "/cli-err.txt";
  std::string cmd = "timeout 60 " SB_SWITCHBOARD " admin " + args + " --config '" + config_ +
                    "' < '" + in_path + "' > '" + out_path + "' 2> '" + err_path + "'";
  int rc = std::system(cmd.c_str());
  auto read = [](const std::string& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, read(out_path), read(err_path)};
}

void AdminServer::add_admin(const std::string& name, const std::string& role,
                            const std::string& password) {
  auto r = admin_cli("add " + name + " --role " + role + " --password-stdin", password + "\n");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
}

AdminSession AdminServer::login(const std::string& name, const std::string& password) {
  auto r = http(port_, "POST", "/v1/admin/login",
                json::serialize(json::object{{"name", name}, {"password", password}}));
  if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  auto cookie = r.header("set-cookie");
  auto semi = cookie.find(';');
  return {cookie.substr(0, semi), std::string(r.json().at("csrf").as_string())};
}

std::string AdminServer::token(const AdminSession& owner, const std::string& role) {
  auto r = send(
      "POST", "/v1/admin/tokens",
      json::serialize(json::object{{"name", "script"}, {"role", role}, {"expires_in_days", 1}}),
      owner);
  if (r.status != 201) throw std::runtime_error("token failed: " + r.body);
  return std::string(r.json().at("token").as_string());
}

MessagingUser AdminServer::user(int n) {
  auto phone = "+1555123000" + std::to_string(n);
  auto code = "11111" + std::to_string(n);
  auto a =
      http(port_, "POST", "/v1/auth/request-code", json::serialize(json::object{{"phone", phone}}));
  if (a.status != 202) throw std::runtime_error("request-code: " + a.body);
  auto v = http(
      port_, "POST", "/v1/auth/verify",
      json::serialize(json::object{{"phone", phone}, {"code", code}, {"device_name", "test"}}));
  if (v.status != 200) throw std::runtime_error("verify: " + v.body);
  auto o = v.json().as_object();
  return {std::string(o.at("user_id").as_string()), std::string(o.at("device_id").as_string()),
          std::string(o.at("access_token").as_string())};
}

}  // namespace sb::test
