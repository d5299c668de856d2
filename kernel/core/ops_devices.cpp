// SPDX-License-Identifier: Apache-2.0
// A user's own devices: list, revoke (the device's live sessions get session.revoked).
#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

namespace {

void op_list(Call& c) {
  json::array out;
  for (auto& d : c.engine.stores.accounts->devices(c.user()))
    out.push_back(json::object{{"device", d.id},
                               {"name", d.name},
                               {"created", d.created_ms},
                               {"last_seen", d.last_seen_ms},
                               {"current", d.id == c.device()}});
  c.ok({{"devices", std::move(out)}});
}

void op_revoke(Call& c) {
  auto device = c.fields().string("device");
  if (!c.engine.stores.accounts->remove_device(c.user(), device))
    throw not_found("you have no device \"" + device + "\"");
  c.ok();
  c.engine.revoke(c.user(), device, "revoked");
}

}  // namespace

void add_device_ops(OpTable& ops) {
  ops.emplace("devices.list", &op_list);
  ops.emplace("devices.revoke", &op_revoke);
}

}  // namespace sb::core
