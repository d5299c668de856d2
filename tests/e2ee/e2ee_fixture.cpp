// SPDX-License-Identifier: Apache-2.0
// See e2ee_fixture.hpp.
#include "e2ee_fixture.hpp"

#include <fstream>
#include <random>
#include <sstream>

namespace sb::e2ee_test {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

ServerOptions e2ee_options(const std::string& store, const std::string& messaging) {
  auto o = ServerOptions::ws({}, e2e::CoreKind::real);
  if (!store.empty()) o.store = store;
  o.extra = "[messaging]\ngroup_add_privacy = \"everyone\"\n" + messaging +
            "\n[plugin.media]\nuse = \"media-fs\"\n[plugin.medialayer]\nuse = \"media-layer\"\n";
  return o;
}

std::string distinctive(const std::string& what) {
  std::random_device rd;
  return what + "-" + std::to_string(rd()) + "-" + std::to_string(rd());
}

std::vector<std::string> files_holding(const fs::path& dir, const std::string& needle) {
  std::vector<std::string> found;
  for (auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    if (s.str().find(needle) != std::string::npos) found.push_back(e.path().string());
  }
  return found;
}

ProcessResult E2eeTest::sbctl(std::vector<std::string> args) {
  args.insert(args.begin(), SB_SBCTL);
  return e2e::run(args, {{"HOME", home.path()}}, {}, 60s);
}

void E2eeTest::register_as(const Server& server, const std::string& profile, int n) {
  auto r = sbctl({"--server", server.url(), "--profile", profile, "register", Server::phone(n),
                  "--code", Server::code(n), "--device-name", profile});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_NE(r.out.find("encryption keys uploaded"), std::string::npos) << r.out << r.err;
}

std::string E2eeTest::user_of(const std::string& profile) {
  auto r = sbctl({"--profile", profile, "whoami", "--json"});
  return std::string(json::parse(r.out).at("user_id").as_string());
}

std::string E2eeTest::device_of(const std::string& profile) {
  auto r = sbctl({"--profile", profile, "whoami", "--json"});
  return std::string(json::parse(r.out).at("device_id").as_string());
}

std::unique_ptr<e2e::Process> E2eeTest::listen(const std::string& profile, int count,
                                               int timeout_s) {
  auto p = std::make_unique<e2e::Process>(
      std::vector<std::string>{SB_SBCTL, "--profile", profile, "listen", "--json", "--count",
                               std::to_string(count), "--timeout", std::to_string(timeout_s)},
      std::map<std::string, std::string>{{"HOME", home.path()}});
  return p;
}

std::vector<json::object> E2eeTest::messages_in(const std::string& out) {
  std::vector<json::object> found;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    if (!ec && v.is_object() && v.as_object().contains("msg_id") && v.at("ev") == "message")
      found.push_back(v.as_object());
  }
  return found;
}

fs::path E2eeTest::store_of(const std::string& profile) const {
  return fs::path(home.path()) / ".config/sbctl" / (profile + ".signal.db");
}

}  // namespace sb::e2ee_test
