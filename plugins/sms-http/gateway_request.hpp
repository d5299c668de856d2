// SPDX-License-Identifier: Apache-2.0
// The HTTP request that asks the gateway to send one text: form or JSON body with the
// configured field names, basic or bearer authorization.
#pragma once

#include <string>
#include <string_view>

#include <switchboard/services/http_client.hpp>

#include "config.hpp"

namespace sms_http {

// application/x-www-form-urlencoded escaping of one name or value.
std::string form_escape(std::string_view s);
std::string base64(std::string_view bytes);
// The template with every {code} replaced.
std::string message_text(const std::string& text_template, const std::string& code);

sb::HttpClientRequest gateway_request(const Config& config, const std::string& phone,
                                      const std::string& text);

}  // namespace sms_http
