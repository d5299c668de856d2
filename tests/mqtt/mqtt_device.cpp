// SPDX-License-Identifier: Apache-2.0
// See mqtt_device.hpp.
#include "mqtt_device.hpp"

namespace sb::mqtt_test {

using namespace std::chrono_literals;

bool Device::listen(const std::string& topic) {
  // stdbuf: mosquitto_sub writes to a pipe, which libc would buffer; -d prints the SUBACK.
  sub_ = std::make_unique<Child>(std::vector<std::string>{
      "stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", port_, "-u", str("username"), "-P",
      str("password"), "-t", topic.empty() ? str("subscribe") : topic, "-q", "1", "-V", "mqttv5",
      "-d"});
  for (int i = 0; i < 50; ++i) {
    auto l = sub_->line(5s);
    if (!l) return false;
    if (l->find("SUBACK") != std::string::npos) return true;
  }
  return false;
}

int Device::publish(const json::object& frame, const std::string& topic) {
  return run({"mosquitto_pub", "-h", "127.0.0.1", "-p", port_, "-u", str("username"), "-P",
              str("password"), "-t", topic.empty() ? str("publish") : topic, "-q", "1", "-V",
              "mqttv5", "-m", json::serialize(frame)})
      .first;
}

json::object Device::next(const std::function<bool(const json::object&)>& pred,
                          std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (sub_ && std::chrono::steady_clock::now() < until) {
    auto l = sub_->line(std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now()));
    if (!l) break;
    if (l->find("received PUBLISH") != std::string::npos) ++messages_;
    // -d prints the protocol too; a batch's frames come one per line (mosquitto_sub prints
    // the payload as it is, and frames are separated by "\n").
    if (l->empty() || l->front() != '{') continue;
    boost::system::error_code ec;
    auto v = json::parse(*l, ec);
    if (!ec && v.is_object() && pred(v.as_object())) return v.as_object();
  }
  return {};
}

json::object Device::event(const char* ev, std::chrono::milliseconds timeout) {
  return next([&](const json::object& o) { return o.contains("ev") && o.at("ev") == ev; }, timeout);
}

json::object Device::reply(const char* id) {
  return next([&](const json::object& o) { return o.contains("id") && o.at("id") == id; });
}

}  // namespace sb::mqtt_test
