// SPDX-License-Identifier: Apache-2.0
// Deliberately broken: depends on a symbol nothing provides, so dlopen(RTLD_NOW) fails.
#include <switchboard/plugin.hpp>

extern "C" int sb_symbol_that_does_not_exist();

namespace {

class Unresolved final : public sb::Plugin {
 public:
  void start(sb::Context&) override { sb_symbol_that_does_not_exist(); }
};

sb::Manifest manifest() {
  return {.name = "broken-unresolved", .version = "0.0.1", .kind = "test"};
}

}  // namespace

SB_PLUGIN(manifest, Unresolved)
