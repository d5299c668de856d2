// SPDX-License-Identifier: Apache-2.0
// See service_account.hpp.
#include "service_account.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <switchboard/json.hpp>

namespace push_fcm {

namespace {

std::runtime_error failure(const std::string& path, const std::string& why) {
  return std::runtime_error("service_account_file " + path + ": " + why);
}

}  // namespace

ServiceAccount load_service_account(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw failure(path, "cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  return parse_service_account(text.str(), path);
}

ServiceAccount parse_service_account(const std::string& text, const std::string& path) {
  auto fail = [&](const std::string& why) { return failure(path, why); };
  boost::system::error_code ec;
  auto doc = sb::json::parse(text, ec);
  if (ec || !doc.is_object()) throw fail("not a JSON object");
  auto& o = doc.as_object();
  auto field = [&](const char* key, bool required) -> std::string {
    auto* v = o.if_contains(key);
    if (!v || (v->is_string() && v->as_string().empty())) {
      if (required) throw fail(std::string(key) + ": missing");
      return {};
    }
    if (!v->is_string()) throw fail(std::string(key) + ": expected a string");
    return std::string(v->as_string());
  };
  if (auto* type = o.if_contains("type");
      type && (!type->is_string() || type->as_string() != "service_account"))
    throw fail("type: expected \"service_account\"");
  return {field("project_id", true), field("client_email", true), field("private_key", true),
          field("private_key_id", false), field("token_uri", false)};
}

}  // namespace push_fcm
