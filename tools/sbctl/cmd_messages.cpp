// SPDX-License-Identifier: Apache-2.0
// `sbctl send`, `sbctl listen` (messages decrypted by the connection) and `sbctl read`.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <ostream>
#include <thread>

#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"
#include "message_fields.hpp"
#include "output.hpp"

namespace sbctl {

namespace json = sb::client::json;

namespace {

std::int64_t number(const std::string& text, const char* what) {
  try {
    std::size_t used = 0;
    auto n = std::stoll(text, &used);
    if (used == text.size() && n >= 0) return n;
  } catch (const std::exception&) {
  }
  throw CliError(exit_code::usage, std::string(what) + ": expected a number >= 0");
}

std::atomic<bool> interrupted{false};

}  // namespace

int cmd_send(const Invocation& inv, std::ostream& out) {
  const std::string& target = inv.arg(1, "USER or group:ID");
  if (inv.words.size() < 3) throw CliError(exit_code::usage, "missing TEXT");
  std::string text;
  for (std::size_t i = 2; i < inv.words.size(); ++i) text += (i > 2 ? " " : "") + inv.words[i];
  Connection c(inv);
  auto r = send_body(c, inv, target, {{"text", text}});
  if (inv.json) {
    out << json::serialize(r.fields) << "\n";
  } else {
    auto field = [&](const char* key) {
      auto* v = r.fields.if_contains(key);
      if (!v) return std::string();
      return v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
    };
    out << "sent " << field("msg_id") << " (chat " << field("chat") << ", #" << field("seq")
        << ")\n";
  }
  return exit_code::ok;
}

int cmd_listen(const Invocation& inv, std::ostream& out) {
  std::int64_t max_count = inv.option("count") ? number(*inv.option("count"), "--count") : 0;
  std::int64_t timeout_s = inv.option("timeout") ? number(*inv.option("timeout"), "--timeout") : 0;
  std::mutex mutex;
  std::condition_variable cv;
  std::int64_t printed = 0;
  auto on_event = [&](const sb::client::Event& e) {
    std::lock_guard lock(mutex);
    if (inv.json)
      out << json::serialize(e.fields) << "\n";
    else
      out << describe_event(e) << "\n";
    out.flush();
    if (e.ev == "message") ++printed;
    cv.notify_all();
  };
  Connection c(inv, on_event);
  if (!inv.json)
    out << "listening as " << c.profile().user_id << " (Ctrl-C to stop)\n" << std::flush;
  interrupted = false;
  auto previous = std::signal(SIGINT, [](int) { interrupted = true; });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  std::unique_lock lock(mutex);
  while (!interrupted && !c.logged_out() && (max_count == 0 || printed < max_count) &&
         (timeout_s == 0 || std::chrono::steady_clock::now() < deadline))
    cv.wait_for(lock, std::chrono::milliseconds(100));
  lock.unlock();
  std::signal(SIGINT, previous);
  if (c.logged_out())
    throw CliError(exit_code::not_logged_in,
                   "the server ended this login (device revoked or logged out): run `sbctl "
                   "register PHONE`");
  // Let the last acks leave before the connection closes.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  if (max_count > 0 && printed < max_count)
    throw CliError(exit_code::timeout, "listen: " + std::to_string(printed) + " of " +
                                           std::to_string(max_count) +
                                           " messages before the timeout");
  return exit_code::ok;
}

int cmd_read(const Invocation& inv, std::ostream& out) {
  const std::string& chat = inv.arg(1, "CHAT");
  auto seq = number(inv.arg(2, "SEQ"), "SEQ");
  Connection c(inv);
  auto r = c.call("read", {{"chat", chat}, {"upto_seq", seq}});
  out << (inv.json ? json::serialize(r.fields) : "read up to #" + std::to_string(seq)) << "\n";
  return exit_code::ok;
}

}  // namespace sbctl
