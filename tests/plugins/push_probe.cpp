// SPDX-License-Identifier: Apache-2.0
// A push provider for the dispatcher's scenario tests: the endpoint says how the "service"
// answers (probe:sent, probe:gone, probe:drop, probe:retry-after-<ms>, probe:flaky-<n> fails
// n times then takes it), and every send is noted on the test.probe service as one JSON line.
// The real providers are tested against real push-service stubs in their own folders.
#include <map>
#include <mutex>

#include <switchboard/plugin.hpp>
#include <switchboard/services/push.hpp>

#include "probe_service.hpp"

namespace {

struct NoConfig {
  bool sender_name = false;
  static sb::ConfigSchema schema() {
    return {sb::key_bool("sender_name", false, "Ask for the sender's display name.")};
  }
  static NoConfig load(const sb::ConfigView& v) { return {v.boolean("sender_name")}; }
};

class ProbeProvider final : public sb::PushProvider {
 public:
  ProbeProvider(std::shared_ptr<sb::test::Probe> probe, bool sender_name)
      : probe_(std::move(probe)), sender_name_(sender_name) {}
  std::string kind() const override { return "probe"; }
  bool wants_sender_name() const override { return sender_name_; }
  sb::json::object public_info() const override { return {{"probe_key", "k123"}}; }
  std::optional<std::string> check(const sb::PushSubscription& s) const override {
    if (!s.endpoint.starts_with("probe:")) return "endpoint: must start with \"probe:\"";
    return std::nullopt;
  }
  void send(const sb::PushSubscription& s, const sb::PushNotice& n,
            std::function<void(sb::PushResult)> done) override {
    probe_->note(sb::json::serialize(sb::json::object{{"endpoint", s.endpoint},
                                                      {"device", s.device},
                                                      {"kind", n.kind},
                                                      {"chat", n.chat},
                                                      {"count", n.count},
                                                      {"sender_name", n.sender_name},
                                                      {"collapse_key", n.collapse_key},
                                                      {"urgent", n.urgent}}));
    auto what = s.endpoint.substr(6);
    sb::PushResult r;
    if (what == "gone") {
      r.outcome = sb::PushResult::Outcome::gone;
      r.status = 410;
    } else if (what == "drop") {
      r.outcome = sb::PushResult::Outcome::dropped;
      r.status = 400;
      r.reason = "bad request";
    } else if (what.starts_with("retry-after-")) {
      r.outcome = sb::PushResult::Outcome::retry;
      r.status = 429;
      r.retry_after_ms = std::stoll(what.substr(12));
    } else if (what.starts_with("flaky-")) {
      std::lock_guard lock(mutex_);
      if (failures_[s.endpoint]++ < std::stoi(what.substr(6))) {
        r.outcome = sb::PushResult::Outcome::retry;
        r.status = 503;
      }
    }
    done(r);
  }

 private:
  std::shared_ptr<sb::test::Probe> probe_;
  bool sender_name_;
  std::mutex mutex_;
  std::map<std::string, int> failures_;
};

class PushProbePlugin final : public sb::PluginBase<NoConfig> {
 protected:
  void start(const NoConfig& cfg, sb::Context& ctx) override {
    auto probe = std::make_shared<sb::test::Probe>();
    ctx.services().provide<sb::test::Probe>(probe);
    ctx.services().provide<sb::PushProvider>(
        std::make_shared<ProbeProvider>(probe, cfg.sender_name));
  }
};

sb::Manifest manifest() {
  return {.name = "push-probe",
          .version = "1.0.0",
          .kind = "push",
          .description = "Test push provider whose endpoints script the service's answers.",
          .provides = {std::string(sb::test::Probe::service_name),
                       std::string(sb::PushProvider::service_name)},
          .requires_ = {},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = NoConfig::schema()};
}

}  // namespace

SB_PLUGIN(manifest, PushProbePlugin)
