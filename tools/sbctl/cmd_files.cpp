// SPDX-License-Identifier: Apache-2.0
// `sbctl send-file` and `sbctl get-file`: files sealed and opened by the client library's
// MediaApi; the message carries the media id and the key inside its end-to-end encrypted
// body (docs/media.md, docs/e2ee.md).
#include <algorithm>
#include <filesystem>
#include <optional>
#include <ostream>

#include <switchboard/client/media.hpp>

#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"
#include "message_fields.hpp"

namespace sbctl {

namespace client = sb::client;
namespace json = client::json;

namespace {

// Library errors (a refused upload, a tampered download, an unreadable file) as exit codes.
template <class F>
auto guarded(const std::string& what, F f) {
  try {
    return f();
  } catch (const client::Error& e) {
    int code = e.kind() == client::ErrorKind::local ? exit_code::usage : exit_code_for(e);
    throw CliError(code, what + ": " + (e.code().empty() ? "" : e.code() + ": ") + e.what());
  }
}

// "CHAT/SEQ": the chat id may itself hold slashes, the seq never does.
std::pair<std::string, std::int64_t> message_ref(const std::string& msg) {
  auto slash = msg.rfind('/');
  std::int64_t seq = 0;
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < msg.size();
  for (std::size_t i = ok ? slash + 1 : msg.size(); i < msg.size() && ok; ++i) {
    ok = msg[i] >= '0' && msg[i] <= '9' && seq < (std::int64_t{1} << 53) / 10;
    seq = seq * 10 + (msg[i] - '0');
  }
  if (!ok || seq <= 0)
    throw CliError(exit_code::usage, "MSG: expected CHAT/SEQ as send-file prints it, got " + msg);
  return {msg.substr(0, slash), seq};
}

// The body of message CHAT/SEQ: opened on this device before (encrypted bodies are kept in
// the profile's store once decrypted), in the chat's history (plain bodies), or still in
// this device's inbox (decrypted now).
std::optional<json::value> find_body(Connection& c, const std::string& chat, std::int64_t seq) {
  std::string msg_id = chat + "/" + std::to_string(seq);
  auto from_store = [&]() -> std::optional<json::value> {
    auto kept = c.e2ee().store().opened(msg_id);
    if (!kept) return std::nullopt;
    boost::system::error_code ec;
    auto v = json::parse(kept->body, ec);
    if (ec) return std::nullopt;
    return v;
  };
  if (auto v = from_store()) return v;
  auto h = c.call("history", {{"chat", chat}, {"before_seq", seq + 1}, {"limit", 1}});
  if (auto* list = h.fields.if_contains("messages"); list && list->is_array())
    for (auto& m : list->get_array())
      if (m.is_object() && m.as_object().contains("seq") && m.at("seq") == seq)
        if (auto* b = m.as_object().if_contains("body"); b && b->is_object()) return *b;
  std::int64_t after = 0;
  for (int page = 0; page < 100; ++page) {
    auto s = c.call("sync", {{"after", after}, {"limit", 500}});
    auto* events = s.fields.if_contains("events");
    if (!events || !events->is_array() || events->get_array().empty()) break;
    for (auto& e : events->get_array()) {
      if (!e.is_object()) continue;
      sb::client::Event ev{"message", std::nullopt, e.as_object()};
      if (auto* cur = e.as_object().if_contains("cursor"); cur && cur->is_int64())
        after = std::max(after, cur->as_int64());
      auto* id = e.as_object().if_contains("msg_id");
      auto* kind = e.as_object().if_contains("ev");
      if (!id || !id->is_string() || id->get_string() != msg_id || !kind || *kind != "message")
        continue;
      auto opened = c.messenger().open(ev);
      if (!opened.ok)
        throw CliError(exit_code::failure,
                       "get-file: " + msg_id + " cannot be decrypted: " + opened.error);
      return opened.body;
    }
    auto* more = s.fields.if_contains("more");
    if ((!more || !more->is_bool() || !more->get_bool()) && events->get_array().size() < 500) break;
    if (auto* next = s.fields.if_contains("next_after"); next && next->is_int64())
      after = next->as_int64();
  }
  return from_store();  // the connection's own handler may have opened it meanwhile
}

}  // namespace

int cmd_send_file(const Invocation& inv, std::ostream& out) {
  const std::string& target = inv.arg(1, "USER or group:ID");
  const std::string& path = inv.arg(2, "PATH");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw CliError(exit_code::usage, "PATH: " + path + " is not a readable file");
  Connection c(inv);
  client::UploadOptions options;
  if (auto t = inv.option("type")) options.content_type = *t;
  auto file = guarded("send-file", [&] {
    return client::MediaApi(c.endpoint(), c.access_token()).upload_file(path, options);
  });
  json::object body{{"file", client::media_file_fields(file)}};
  if (auto caption = inv.option("caption")) body["text"] = *caption;
  // The key rides in the encrypted body; only the media id goes outside it, so the server
  // knows which chat may fetch the ciphertext.
  auto r = send_body(c, inv, target, body, json::array{json::value(file.media_id)});
  if (inv.json) {
    json::object o = r.fields;
    o["file"] = client::media_file_fields(file);
    out << json::serialize(o) << "\n";
  } else {
    out << "sent " << file.name << " (" << file.size << " bytes sealed, media " << file.media_id
        << ") as " << json::value_to<std::string>(r.fields.at("msg_id")) << "\n";
  }
  return exit_code::ok;
}

int cmd_get_file(const Invocation& inv, std::ostream& out) {
  auto [chat, seq] = message_ref(inv.arg(1, "MSG"));
  const std::string& path = inv.arg(2, "PATH");
  Connection c(inv);
  auto opened = find_body(c, chat, seq);
  auto* body = opened ? &*opened : nullptr;
  if (!body)
    throw CliError(exit_code::refused, "get-file: no message " + chat + "/" + std::to_string(seq) +
                                           " on this device or in that "
                                           "chat's history");
  auto* file_fields = body->is_object() ? body->as_object().if_contains("file") : nullptr;
  if (!file_fields || !file_fields->is_object())
    throw CliError(exit_code::refused,
                   "get-file: message " + chat + "/" + std::to_string(seq) + " carries no file");
  auto file =
      guarded("get-file", [&] { return client::media_file_from(file_fields->as_object()); });
  auto link = c.call("media.url", {{"media_id", file.media_id}});
  guarded("get-file", [&] {
    client::MediaApi(c.endpoint(), c.access_token())
        .download_file(json::value_to<std::string>(link.fields.at("url")), file, path);
    return 0;
  });
  if (inv.json)
    out << json::serialize(json::object{{"saved", path},
                                        {"media_id", file.media_id},
                                        {"size", std::filesystem::file_size(path)},
                                        {"type", file.content_type}})
        << "\n";
  else
    out << "saved " << path << " (" << std::filesystem::file_size(path) << " bytes, "
        << file.content_type << ")\n";
  return exit_code::ok;
}

}  // namespace sbctl
