// SPDX-License-Identifier: Apache-2.0
// Deliberately broken: start() throws; the host must name this instance and stop the others.
#include <stdexcept>

#include <switchboard/plugin.hpp>

namespace {

class Throws final : public sb::Plugin {
 public:
  void start(sb::Context&) override { throw std::runtime_error("cannot reach the database"); }
};

sb::Manifest manifest() {
  return {.name = "broken-throws", .version = "0.0.1", .kind = "test"};
}

}  // namespace

SB_PLUGIN(manifest, Throws)
