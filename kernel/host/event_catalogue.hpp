// SPDX-License-Identifier: Apache-2.0
// The catalogue of events, generated from the SDK's event structs (sb::AllEvents), so
// `switchboard events`, the docs and the admin UI never go stale.
#pragma once

#include <string>

#include <switchboard/json.hpp>

namespace sb::kernel {

json::array event_catalogue();
std::string render_event_catalogue(const json::array& catalogue);

}  // namespace sb::kernel
