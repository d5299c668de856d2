// SPDX-License-Identifier: Apache-2.0
// A plugin instance's Bus, held to its manifest: subscribing to an event the manifest does
// not list is refused, and interceptors run at the priority the manifest declares. This is
// what keeps `switchboard wiring`, worked out from manifests alone, true.
#pragma once

#include <memory>

#include <switchboard/plugin.hpp>

namespace sb::kernel {

std::unique_ptr<Bus> declared_bus(std::unique_ptr<Bus> inner, std::string instance_id,
                                  const Manifest& manifest);

}  // namespace sb::kernel
