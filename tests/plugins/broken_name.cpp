// SPDX-License-Identifier: Apache-2.0
// Deliberately broken: its manifest names another plugin than its file does.
#include <switchboard/plugin.hpp>

namespace {
class Nothing final : public sb::Plugin {
 public:
  void start(sb::Context&) override {}
};
sb::Manifest manifest() {
  return {.name = "someone-else", .version = "0.0.1", .kind = "test"};
}
}  // namespace

SB_PLUGIN(manifest, Nothing)
