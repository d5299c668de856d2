// SPDX-License-Identifier: Apache-2.0
// The op table: which function answers which protocol op, and the one place where an op's
// failure (bad input, a veto, a store outage) becomes an error reply.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <switchboard/bus.hpp>

#include "kernel/core/protocol.hpp"

namespace sb::core {

class Engine;
class Session;

// One op being answered, on the calling session's strand.
struct Call {
  Engine& engine;
  std::shared_ptr<Session> session;
  // Shared: continuations (the store's callback, the reply) copy the Call, and a deep copy
  // of the parsed frame per copy was 4% of the server's CPU.
  std::shared_ptr<const Request> request;

  const Request& req() const { return *request; }
  Fields fields() const { return Fields(request->frame); }
  const std::string& user() const;
  const std::string& device() const;
  void ok(json::object fields = {}) const;
  void fail(std::string_view code, std::string_view message,
            const json::object& details = {}) const;
};

using OpFn = void (*)(Call&);
using OpTable = std::map<std::string, OpFn, std::less<>>;

// Each group of ops adds itself to the table.
void add_message_ops(OpTable& ops);
void add_inbox_ops(OpTable& ops);
void add_group_ops(OpTable& ops);
void add_social_ops(OpTable& ops);
void add_key_ops(OpTable& ops);
void add_device_ops(OpTable& ops);
void add_push_ops(OpTable& ops);

const OpTable& core_ops();

// Answers one authenticated request; never throws.
void dispatch(Engine& engine, std::shared_ptr<Session> session, Request req);

// Turns a veto into the error the client gets (the vetoing instance named).
ProtocolError veto_error(const Verdict& v);

// Answers the exception as an error reply; also for work that finishes outside dispatch
// (store callbacks).
void answer_failure(const Call& call, const std::exception_ptr& error);

}  // namespace sb::core
