// SPDX-License-Identifier: Apache-2.0
// See gateway_request.hpp.
#include "gateway_request.hpp"

#include <openssl/evp.h>

#include <cctype>

#include <switchboard/json.hpp>

namespace sms_http {

std::string form_escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string message_text(const std::string& text_template, const std::string& code) {
  std::string out;
  for (std::size_t i = 0; i < text_template.size();) {
    if (text_template.compare(i, 6, "{code}") == 0) {
      out += code;
      i += 6;
    } else {
      out.push_back(text_template[i++]);
    }
  }
  return out;
}

sb::HttpClientRequest gateway_request(const Config& config, const std::string& phone,
                                      const std::string& text) {
  std::vector<std::pair<std::string, std::string>> fields{{config.to_field, phone}};
  if (!config.from.empty()) fields.emplace_back(config.from_field, config.from);
  fields.emplace_back(config.text_field, text);
  for (auto& f : config.fields) fields.push_back(f);

  sb::HttpClientRequest req;
  req.method = "POST";
  req.url = config.url;
  req.timeout_ms = config.timeout_ms;
  req.ca_file = config.ca_file;
  if (config.format == "json") {
    sb::json::object body;
    for (auto& [k, v] : fields) body[k] = v;
    req.body = sb::json::serialize(body);
    req.headers.emplace_back("Content-Type", "application/json");
  } else {
    for (auto& [k, v] : fields)
      req.body += (req.body.empty() ? "" : "&") + form_escape(k) + "=" + form_escape(v);
    req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  if (!config.user.empty())
    req.headers.emplace_back("Authorization",
                             "Basic " + base64(config.user + ":" + config.password));
  else if (!config.token.empty())
    req.headers.emplace_back("Authorization", "Bearer " + config.token);
  req.headers.emplace_back("Accept", "application/json");
  return req;
}

}  // namespace sms_http
