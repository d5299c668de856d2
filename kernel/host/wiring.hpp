// SPDX-License-Identifier: Apache-2.0
// The effective bus graph of a deployment, worked out from the config and the plugins'
// manifests without starting anything: for each event, its interceptors in the order they
// will run (with deadline and failure mode) and its observers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <switchboard/plugin.hpp>

#include "kernel/host/settings.hpp"

namespace sb::kernel {

using InstanceManifests = std::vector<std::pair<std::string, const Manifest*>>;

json::array planned_wiring(const BusSettings& bus, const InstanceManifests& instances);
std::string render_wiring(const json::array& wiring);

}  // namespace sb::kernel
