// SPDX-License-Identifier: Apache-2.0
// sms-http's typed config: the gateway's URL and request shape, credentials, the text, and
// how hard to try.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <switchboard/config_schema.hpp>

namespace sms_http {

struct Config {
  std::string url;
  std::string format;  // "form" | "json"
  std::string user, password, token;
  std::string from;
  std::string to_field, from_field, text_field;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string text_template;
  std::int64_t retries = 2;
  std::int64_t retry_backoff_ms = 500;
  std::int64_t timeout_ms = 5000;
  std::string ca_file;

  static sb::ConfigSchema schema() {
    return {
        sb::key_required("url", sb::ConfigType::string,
                         "The gateway's send URL (http:// or https://), e.g. "
                         "https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json."),
        sb::key_string("format", "form",
                       "form: application/x-www-form-urlencoded (Twilio-style); json: a JSON "
                       "object.",
                       {"form", "json"}),
        sb::key_string("user", "", "HTTP basic auth user (Twilio: the account SID)."),
        sb::secret(sb::key_string("password", "",
                                  "HTTP basic auth password (Twilio: the auth "
                                  "token).")),
        sb::secret(sb::key_string("token", "", "Bearer token (Authorization: Bearer ...).")),
        sb::key_string("from", "", "Sender number or id; empty: the field is not sent."),
        sb::key_string("to_field", "", "Name of the recipient field; empty: To (form), to (json)."),
        sb::key_string("from_field", "",
                       "Name of the sender field; empty: From (form), from (json)."),
        sb::key_string("text_field", "",
                       "Name of the message text field; empty: Body (form), text (json)."),
        sb::key_table("fields", "More fields sent as they are (e.g. MessagingServiceSid)."),
        sb::key_string("template", "Your Switchboard code is {code}",
                       "The message text; {code} is replaced by the login code."),
        sb::key_int("retries", 2,
                    "Further tries after a network error, 429 or 5xx (never after other 4xx).", 0,
                    5),
        sb::key_int("retry_backoff_ms", 500, "Wait before the first retry; doubles each time.", 0,
                    10000),
        sb::key_int("timeout_ms", 5000, "Bound on one try, connect included.", 100, 30000),
        sb::key_string("ca_file", "",
                       "PEM bundle to trust instead of the system store (a private gateway)."),
    };
  }
  static Config load(const sb::ConfigView& v) {
    Config c;
    c.url = v.string("url");
    c.format = v.string("format");
    c.user = v.string("user");
    c.password = v.string("password");
    c.token = v.string("token");
    c.from = v.string("from");
    bool json = c.format == "json";
    auto name = [&](const char* key, const char* form_default, const char* json_default) {
      auto s = v.string(key);
      return !s.empty() ? s : json ? json_default : form_default;
    };
    c.to_field = name("to_field", "To", "to");
    c.from_field = name("from_field", "From", "from");
    c.text_field = name("text_field", "Body", "text");
    for (auto& [k, val] : v.table("fields"))
      c.fields.emplace_back(std::string(k), val.is_string() ? std::string(val.as_string())
                                                            : sb::json::serialize(val));
    c.text_template = v.string("template");
    c.retries = v.integer("retries");
    c.retry_backoff_ms = v.integer("retry_backoff_ms");
    c.timeout_ms = v.integer("timeout_ms");
    c.ca_file = v.string("ca_file");
    return c;
  }
};

}  // namespace sms_http
