// SPDX-License-Identifier: Apache-2.0
// Deliberately broken: claims to be built against the next ABI major.
#include <switchboard/plugin.hpp>

namespace {
sb::Manifest manifest() {
  return {.name = "broken-abi", .version = "9.0.0", .kind = "test"};
}
}  // namespace

namespace sb_plugin_export {
const ::sb::PluginEntry entry{SB_ABI_MAJOR + 1, 0, &manifest, nullptr};
}
BOOST_DLL_ALIAS(sb_plugin_export::entry, switchboard_plugin)
