// SPDX-License-Identifier: Apache-2.0
// A test plugin that requires the probe service: the host must start it after good-probe
// and stop it before, whatever the order in the config file.
#include <switchboard/plugin.hpp>

#include "probe_service.hpp"

namespace {

struct NoConfig {
  static sb::ConfigSchema schema() { return {}; }
  static NoConfig load(const sb::ConfigView&) { return {}; }
};

class NeedsProbe final : public sb::PluginBase<NoConfig> {
 protected:
  void start(const NoConfig&, sb::Context& ctx) override {
    probe_ = ctx.services().get<sb::test::Probe>();
    if (!probe_) throw std::runtime_error("probe service is not running");
    id_ = ctx.instance_id();
    probe_->note("start " + id_);
  }
  void stop() override { probe_->note("stop " + id_); }
  sb::Health health() const override { return sb::Health::degraded("always a little degraded"); }

 private:
  std::shared_ptr<sb::test::Probe> probe_;
  std::string id_;
};

sb::Manifest manifest() {
  return {.name = "needs-probe",
          .version = "0.1.0",
          .kind = "test",
          .description = "Requires the probe service.",
          .provides = {},
          .requires_ = {std::string(sb::test::Probe::service_name)},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = NoConfig::schema()};
}

}  // namespace

SB_PLUGIN(manifest, NeedsProbe)
