// SPDX-License-Identifier: Apache-2.0
// Answers GET /app/... from the built web app's folder with a strict Content-Security-Policy;
// index.html for the app's own routes, nothing outside the folder.
#pragma once

#include <string>
#include <string_view>

#include <switchboard/http.hpp>

namespace ui_webapp {

// `host` is the request's Host header, for the WebSocket origin in connect-src.
sb::HttpResponse serve_app_file(const std::string& dir, std::string_view path,
                                std::string_view host);

// The Content-Security-Policy of every answer.
std::string content_security_policy(std::string_view host);

}  // namespace ui_webapp
