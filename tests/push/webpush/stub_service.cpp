// SPDX-License-Identifier: Apache-2.0
// See stub_service.hpp.
#include "stub_service.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "child.hpp"
#include "daemon.hpp"

namespace webpush::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string tools(const std::string& file) {
  return std::string(SB_WEBPUSH_TOOLS) + "/" + file;
}

json::object parse_object(const std::string& text, const std::string& what) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) throw std::runtime_error(what + " is not a JSON object: " + text);
  return v.as_object();
}

}  // namespace

StubService::StubService() {
  char tmpl[] = "/tmp/sb-webpush-stub-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  auto [code, out] = sb::mqtt_test::run(
      {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-keyout", (dir_ / "key.pem").string(), "-out", (dir_ / "cert.pem").string(),
       "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
       "subjectAltName=IP:127.0.0.1,DNS:localhost"},
      20s);
  if (code != 0) throw std::runtime_error("openssl could not make the stub's certificate: " + out);
  child_ = std::make_unique<sb::mqtt_test::Child>(std::vector<std::string>{
      SB_NODE, tools("webpush_stub.mjs"), "--cert", (dir_ / "cert.pem").string(), "--key",
      (dir_ / "key.pem").string(), "--log", (dir_ / "log.jsonl").string()});
  // The first line is the ready line; anything else is node complaining.
  auto line = child_->line(20s);
  if (!line || line->find("push_port") == std::string::npos)
    throw std::runtime_error("the web push stub did not start: " + line.value_or("<nothing>") +
                             " (did tests/push/webpush/install.sh run?)");
  auto ready = parse_object(*line, "the stub's ready line");
  push_port_ = int(ready.at("push_port").as_int64());
  control_port_ = int(ready.at("control_port").as_int64());
  origin_ = std::string(ready.at("origin").as_string());
}

StubService::~StubService() {
  child_.reset();  // terminates the stub
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

sb::PushSubscription StubService::subscribe(const std::string& query) {
  auto r = sb::test::http_get(control_port_, "/new-subscription?" + query);
  if (r.status != 200) throw std::runtime_error("stub /new-subscription: " + r.body);
  auto o = parse_object(r.body, "the stub's subscription");
  sb::PushSubscription s;
  s.endpoint = std::string(o.at("endpoint").as_string());
  s.p256dh = std::string(o.at("keys").at("p256dh").as_string());
  s.auth = std::string(o.at("keys").at("auth").as_string());
  s.provider = "webpush";
  return s;
}

std::string StubService::id_of(const sb::PushSubscription& s) {
  return s.endpoint.substr(s.endpoint.rfind('/') + 1);
}

void StubService::answer(const sb::PushSubscription& s, const std::string& query) {
  auto r = sb::test::http_post(control_port_, "/answer/" + id_of(s) + "?" + query, "");
  if (r.status != 200) throw std::runtime_error("stub /answer: " + r.body);
}

json::array StubService::records() {
  auto r = sb::test::http_get(control_port_, "/log");
  if (r.status != 200) throw std::runtime_error("stub /log: " + r.body);
  return parse_object(r.body, "the stub's log").at("records").as_array();
}

json::array StubService::records_for(const std::string& id, std::size_t count,
                                     std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    json::array mine;
    for (auto& r : records())
      if (r.at("id") == id.c_str()) mine.push_back(r);
    if (mine.size() >= count || std::chrono::steady_clock::now() >= until) return mine;
    std::this_thread::sleep_for(50ms);
  }
}

std::pair<int, std::string> cross_check(const std::vector<std::string>& args) {
  std::vector<std::string> argv{SB_NODE, tools("cross_check.mjs")};
  argv.insert(argv.end(), args.begin(), args.end());
  return sb::mqtt_test::run(argv, 30s);
}

}  // namespace webpush::test
