// SPDX-License-Identifier: Apache-2.0
// See dispatcher.hpp.
#include "kernel/core/dispatcher.hpp"

#include <switchboard/services/store_error.hpp>

#include "kernel/core/engine.hpp"
#include "kernel/core/session.hpp"
#include "kernel/core/social_ops.hpp"

namespace sb::core {

const std::string& Call::user() const {
  return session->identity().user;
}
const std::string& Call::device() const {
  return session->identity().device;
}

void Call::ok(json::object fields) const {
  session->send(reply_ok(request->id, std::move(fields)));
}

void Call::fail(std::string_view code, std::string_view message,
                const json::object& details) const {
  session->send(reply_error(request->id, code, message, details));
}

const OpTable& core_ops() {
  static const OpTable table = [] {
    OpTable t;
    add_message_ops(t);
    add_inbox_ops(t);
    add_group_ops(t);
    add_social_ops(t);
    add_key_ops(t);
    add_device_ops(t);
    add_push_ops(t);
    add_status_ops(t);
    add_profile_ops(t);
    add_chat_ops(t);
    return t;
  }();
  return table;
}

ProtocolError veto_error(const Verdict& v) {
  std::string code = v.code.empty() ? "forbidden" : v.code;
  std::string reason = v.reason.empty() ? "refused" : v.reason;
  json::object details;
  if (!v.by.empty()) details["by"] = v.by;
  return ProtocolError(code, reason, std::move(details));
}

void answer_failure(const Call& call, const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const ProtocolError& e) {
    call.fail(e.code(), e.what(), e.details());
  } catch (const OpError& e) {
    call.fail(e.code(), e.what());
  } catch (const StoreError& e) {
    if (e.kind() == StoreError::Kind::unavailable) {
      call.engine.log.warn("store unavailable", {{"op", call.req().op}, {"error", e.what()}});
      call.fail("unavailable", "the store is unavailable; retry");
    } else if (e.kind() == StoreError::Kind::conflict) {
      call.fail("conflict", e.what());
    } else if (e.kind() == StoreError::Kind::not_found) {
      call.fail("not_found", e.what());
    } else {
      call.engine.log.error("store error", {{"op", call.req().op}, {"error", e.what()}});
      call.fail("internal", "internal error");
    }
  } catch (const std::exception& e) {
    call.engine.log.error("op failed", {{"op", call.req().op}, {"error", e.what()}});
    call.fail("internal", "internal error");
  }
}

namespace {
// [limits]: in-process bots are the server's own code and are not limited.
void admit(const Call& call) {
  auto& s = *call.session;
  if (s.transport() == "bot") return;
  call.engine.limits.admit(call.req().op, call.user(), call.device(), s.address());
}
}  // namespace

void dispatch(Engine& engine, std::shared_ptr<Session> session, Request req) {
  Call call{engine, std::move(session), std::make_shared<const Request>(std::move(req))};
  try {
    admit(call);
    auto& ops = core_ops();
    if (auto it = ops.find(call.req().op); it != ops.end()) {
      it->second(call);
      return;
    }
    if (auto handler = engine.plugin_ops.find(call.req().op)) {
      auto fields = (*handler)(call.session->identity(), call.req().frame);
      call.ok(std::move(fields));
      return;
    }
    throw bad_request("unknown op \"" + call.req().op + "\"");
  } catch (...) {
    answer_failure(call, std::current_exception());
  }
}

}  // namespace sb::core
